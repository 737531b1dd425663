#pragma once

#include <QCoreApplication>
#include <QJsonArray>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>

namespace gpufailover {

// The journal's events for the events view, newest first, bounded; and the filter in front of it
// (a category of kinds, and free text over every column).
class EventsModel final : public QStandardItemModel
{
    Q_OBJECT
public:
    static constexpr int kMaxRows = 5000;
    static constexpr int kKindRole = Qt::UserRole + 1;
    explicit EventsModel(QObject *parent = nullptr);
    void add(const QJsonArray &events); // oldest first, as the API sends them
    void retranslate();
};

class EventFilter final : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    enum class Category { All, Alerts, Failovers, States, Health, Costs, Copies };
    explicit EventFilter(QObject *parent = nullptr);
    void setCategory(Category c);
    static QList<QPair<Category, QString>> categories(); // translated names, in menu order

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override;

private:
    Category m_category = Category::All;
};

} // namespace gpufailover
