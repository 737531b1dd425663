#include "gui/eventsmodel.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

namespace gpufailover {

namespace {

QString detailsOf(const QString &kind, const QJsonObject &data)
{
    if (kind == u"alert")
        return QStringLiteral("[%1] %2").arg(
            data.value(QStringLiteral("alert")).toString(), data.value(QStringLiteral("message")).toString());
    if (kind == u"pool_state")
        return QStringLiteral("%1 → %2: %3")
            .arg(data.value(QStringLiteral("from")).toString(), data.value(QStringLiteral("to")).toString(),
                data.value(QStringLiteral("reason")).toString());
    return QString::fromUtf8(QJsonDocument(data).toJson(QJsonDocument::Compact));
}

} // namespace

EventsModel::EventsModel(QObject *parent)
    : QStandardItemModel(0, 4, parent)
{
    retranslate();
}

void EventsModel::retranslate()
{
    setHorizontalHeaderLabels({ tr("Time"), tr("Pool"), tr("Event"), tr("Details") });
}

void EventsModel::add(const QJsonArray &events)
{
    for (const QJsonValue &v : events) {
        const QJsonObject e = v.toObject();
        const QString kind = e.value(QStringLiteral("kind")).toString();
        const QDateTime at = QDateTime::fromString(e.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
        QString shown = kind;
        if (e.value(QStringLiteral("phase")).toString() == u"intent")
            shown += tr(" (begins)");
        else if (e.value(QStringLiteral("phase")).toString() == u"outcome")
            shown += e.value(QStringLiteral("ok")).toBool(true) ? tr(" (done)") : tr(" (failed)");
        auto *kindItem = new QStandardItem(shown);
        kindItem->setData(kind, kKindRole);
        insertRow(0,
            { new QStandardItem(QLocale().toString(at.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss"))),
                new QStandardItem(e.value(QStringLiteral("pool")).toString()), kindItem,
                new QStandardItem(detailsOf(kind, e.value(QStringLiteral("data")).toObject())) });
    }
    if (rowCount() > kMaxRows)
        removeRows(kMaxRows, rowCount() - kMaxRows);
}

EventFilter::EventFilter(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setFilterKeyColumn(-1);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
}

QList<QPair<EventFilter::Category, QString>> EventFilter::categories()
{
    return { { Category::All, tr("All events") }, { Category::Alerts, tr("Alerts") },
        { Category::Failovers, tr("Failovers") }, { Category::States, tr("State changes") },
        { Category::Health, tr("Health checks") }, { Category::Costs, tr("Costs") },
        { Category::Copies, tr("Syncs and snapshots") } };
}

void EventFilter::setCategory(Category c)
{
    m_category = c;
    invalidateFilter();
}

bool EventFilter::filterAcceptsRow(int row, const QModelIndex &parent) const
{
    const QString kind = sourceModel()->index(row, 2, parent).data(EventsModel::kKindRole).toString();
    bool inCategory = true;
    switch (m_category) {
    case Category::All:
        break;
    case Category::Alerts:
        inCategory = kind == u"alert" || kind == u"budget_alert" || kind == u"credit_low";
        break;
    case Category::Failovers:
        inCategory = kind == u"failover" || kind == u"fence" || kind == u"start_standby" || kind == u"promote"
            || kind == u"relocate";
        break;
    case Category::States:
        inCategory = kind == u"pool_state" || kind == u"readiness" || kind == u"cpu_standby_state";
        break;
    case Category::Health:
        inCategory = kind == u"health";
        break;
    case Category::Costs:
        inCategory = kind == u"cost_sample" || kind == u"budget_alert";
        break;
    case Category::Copies:
        inCategory = kind.startsWith(u"cpu_sync") || kind.startsWith(u"snapshot");
        break;
    }
    return inCategory && QSortFilterProxyModel::filterAcceptsRow(row, parent);
}

} // namespace gpufailover
