#pragma once

#include "gui/protection.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QMainWindow>

#include <functional>
#include <memory>

class QMenu;

namespace Ui {
class MainWindow;
}

namespace gpufailover {

class ChartsView;
class EventFilter;
class EventsModel;
class PoolCard;

// The dashboard: a card per pool, the events view and the charts, all fed from the engine's API
// (see EngineLink); actions go out as signals.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    void setEngineStatus(const QString &text);
    void setPools(const QJsonArray &pools);
    void setCosts(const QJsonObject &costs);
    void addEvents(const QJsonArray &events);
    // Adds the Demo menu; each entry calls back into the demo world.
    void addDemoAction(const QString &text, std::function<void()> action);
    // Languages offered in the Language menu (locale name, native name); the current one checked.
    void setLanguages(const QList<QPair<QString, QString>> &languages, const QString &current);
    // With a system tray, closing the window hides it; the app lives on in the tray.
    void setHideOnClose(bool hide) { m_hideOnClose = hide; }
    void setQuickProvisionEnabled(bool enabled);

    // Redraws the charts up to now: the engine's clock (the demo's runs faster) or the wall's.
    void redrawCharts();
    QList<Protection> protections() const;
    PoolCard *card(const QString &pool) const { return m_cards.value(pool); }
    ChartsView *charts() const { return m_charts; }
    EventFilter *eventFilter() const { return m_filter; }
    QStringList poolIds() const { return m_order; }

Q_SIGNALS:
    void drillRequested(const QString &pool);
    void pauseRequested(const QString &pool, bool paused);
    void hibernateRequested(const QString &pool, bool hibernate);
    void snapshotRequested(const QString &pool);
    void destroyRequested(const QString &pool);
    void provisionRequested();
    void quickProvisionRequested();
    void settingsRequested();
    void quitRequested();
    void languageRequested(const QString &locale);
    void protectionChanged();

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void renderTotals();

    std::unique_ptr<Ui::MainWindow> m_ui;
    QMenu *m_demoMenu = nullptr;
    EventsModel *m_events;
    EventFilter *m_filter;
    ChartsView *m_charts;
    QHash<QString, PoolCard *> m_cards;
    QStringList m_order;
    QJsonObject m_costs;
    QHash<QString, QJsonObject> m_costOf;
    QJsonArray m_pools;
    QDateTime m_newestEvent;
    bool m_hideOnClose = false;
    bool m_chartsDirty = false;
};

} // namespace gpufailover
