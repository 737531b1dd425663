#include "gui/chartdata.h"

#include <QJsonObject>
#include <QSet>

namespace gpufailover {

namespace {

double seconds(const QJsonObject &o, const char *key)
{
    return std::max(0.0, o.value(QLatin1StringView(key)).toDouble()) / 1000.0;
}

} // namespace

void ChartData::add(const QJsonArray &events)
{
    for (const QJsonValue &v : events) {
        const QJsonObject e = v.toObject();
        const QString kind = e.value(QStringLiteral("kind")).toString();
        const QString pool = e.value(QStringLiteral("pool")).toString();
        const QDateTime at = QDateTime::fromString(e.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
        const QJsonObject data = e.value(QStringLiteral("data")).toObject();
        if (kind == u"cost_sample") {
            for (auto it = data.constBegin(); it != data.constEnd(); ++it)
                rates.append({ at, pool, it.key(), it.value().toDouble() });
        } else if (kind == u"failover" && e.value(QStringLiteral("phase")).toString() == u"outcome"
            && data.contains(QStringLiteral("total_ms"))) {
            // Each phase ends where the next begins; a phase never reached counts as nothing.
            const double fenced = seconds(data, "fenced_after_ms");
            const double running = std::max(fenced, seconds(data, "standby_running_after_ms"));
            const double total = std::max(running, seconds(data, "total_ms"));
            recoveries.append({ at, pool, seconds(data, "detection_ms"), fenced, running - fenced, total - running,
                data.value(QStringLiteral("ok")).toBool() });
        } else if (kind == u"cpu_sync" && data.value(QStringLiteral("ok")).toBool()) {
            copies.append({ at, pool });
        } else if (kind == u"snapshot_state") {
            const QDateTime taken
                = QDateTime::fromString(data.value(QStringLiteral("last_snapshot_at")).toString(), Qt::ISODateWithMs);
            const bool complete = !data.value(QStringLiteral("last_snapshot_incomplete")).toBool();
            const bool seen = std::any_of(
                copies.cbegin(), copies.cend(), [&](const auto &c) { return c.first == taken && c.second == pool; });
            if (taken.isValid() && complete && !seen)
                copies.append({ taken, pool });
        }
    }
}

QList<ChartData::CostPoint> ChartData::cumulativeCost(const QDateTime &now) const
{
    QSet<QString> pools;
    QDateTime first;
    for (const RateSample &s : rates) {
        pools.insert(s.pool);
        if (!first.isValid() || s.at < first)
            first = s.at;
    }
    if (!first.isValid() || now <= first)
        return {};
    // The cost model itself, at evenly spaced points: a month of samples draws as fast as an hour.
    constexpr int kPoints = 120;
    const qint64 span = first.msecsTo(now);
    QList<QDateTime> times;
    for (int i = 0; i <= kPoints; ++i)
        times.append(first.addMSecs(span * i / kPoints));
    QList<CostPoint> out;
    for (const QDateTime &t : std::as_const(times))
        out.append({ t, {} });
    for (const QString &pool : std::as_const(pools)) {
        const QList<CostBreakdown> accrued = cost::accruedUntil(rates, pool, first, times);
        for (qsizetype i = 0; i < accrued.size(); ++i)
            for (auto it = accrued[i].byComponent.constBegin(); it != accrued[i].byComponent.constEnd(); ++it)
                out[i].cumulative[it.key()] += it.value();
    }
    return out;
}

QList<QPointF> ChartData::lossWindow(const QDateTime &now) const
{
    QList<QDateTime> times;
    for (const auto &c : copies)
        times.append(c.first);
    std::sort(times.begin(), times.end());
    QList<QPointF> out;
    for (qsizetype i = 0; i < times.size(); ++i) {
        if (i > 0)
            out.append({ double(times[i].toMSecsSinceEpoch()), times[i - 1].msecsTo(times[i]) / 1000.0 });
        out.append({ double(times[i].toMSecsSinceEpoch()), 0.0 });
    }
    if (!times.isEmpty())
        out.append({ double(now.toMSecsSinceEpoch()), times.last().msecsTo(now) / 1000.0 });
    return out;
}

} // namespace gpufailover
