#pragma once

#include "core/costmodel.h"

#include <QDateTime>
#include <QJsonArray>
#include <QList>
#include <QPointF>
#include <QString>

namespace gpufailover {

// What the charts draw, read from the journal's events (GET /api/events), so the charts show the
// same history as the events view and survive restarts. No widgets here: tested on its own.
struct ChartData
{
    struct Recovery
    {
        QDateTime at;
        QString pool;
        double detectionS = 0, fenceS = 0, startS = 0, readyS = 0; // stacked: their sum is the total
        bool ok = false;
    };
    struct CostPoint
    {
        QDateTime at;
        QHash<QString, double> cumulative; // dollars accrued since the first sample, by component
    };

    QList<RateSample> rates; // cost_sample
    QList<Recovery> recoveries; // failover outcomes
    QList<QPair<QDateTime, QString>> copies; // complete copies (CPU syncs, snapshots), by pool

    void add(const QJsonArray &events); // in journal order; call again with newer events
    // The cost accrued by all pools from the first sample, at evenly spaced times up to `now`.
    QList<CostPoint> cumulativeCost(const QDateTime &now) const;
    // The loss window over time (x: ms since the epoch, y: seconds): the age of the newest
    // complete copy, falling to zero at each copy. Empty until the first copy.
    QList<QPointF> lossWindow(const QDateTime &now) const;
};

} // namespace gpufailover
