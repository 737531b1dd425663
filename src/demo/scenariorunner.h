#pragma once

#include "core/result.h"

#include <QJsonObject>
#include <QStringList>

#include <functional>

namespace gpufailover {

// Scripted stories run to the end on a DemoWorld: the failure, what the engine did, when, and
// the independent check of the workload's writes. Times are simulated seconds from the failure
// (T=0); the report also says the time scale and the wall time the run took.
struct ScenarioOptions
{
    QString name; // see scenarioNames()
    QString dir; // scratch directory (hosts, journal, logs); must exist
    double timeScale = 20;
    QString fault
        = QStringLiteral("kill"); // warm-pool-failover: "kill" (container exits) or "hang" (API says running, SSH dead)
    qint64 healthIntervalMs = 10000; // the defaults: every 10 s, dead after 3
    int failureThreshold = 3;
    std::function<void(const QString &line)> print; // the human timeline, line by line
};

QStringList scenarioNames();
Result<QJsonObject> runScenario(const ScenarioOptions &options);

} // namespace gpufailover
