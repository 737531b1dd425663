#pragma once

#include "core/cpustandby.h"
#include "providers/gcpclient.h"

#include <QObject>

namespace gpufailover {

class Clock;

// The CPU standby's VM on GCP: an e2-medium Spot VM named after the pool, created in the first
// allowed zone with room; found stopped or preempted, it is started again, and recreated in
// another zone when its own has no room left.
class GcpStandbyVm final : public QObject, public StandbyVmProvider
{
    Q_OBJECT
public:
    GcpStandbyVm(GcpClient *client, Clock *clock, GcpVmSpec spec, QStringList zones, qint64 pollMs = 2000,
        QObject *parent = nullptr);

    void ensure(QObject *context, std::function<void(Result<Vm>)> done) override;
    void remove(QObject *context, std::function<void(Status)> done) override;

private:
    void find(int index, QObject *context, std::function<void(Result<std::optional<GcpVm>>)> done);
    void bringUp(const GcpVm &vm, QObject *context, std::function<void(Result<Vm>)> done);
    void create(QStringList zones, bool restarted, QObject *context, std::function<void(Result<Vm>)> done);
    void waitRunning(
        const QString &zone, int polls, bool restarted, QObject *context, std::function<void(Result<Vm>)> done);
    Vm toVm(const GcpVm &vm, bool restarted) const;
    void removeFrom(QStringList zones, QObject *context, std::function<void(Status)> done);

    GcpClient *m_client;
    Clock *m_clock;
    GcpVmSpec m_spec;
    qint64 m_pollMs;
    QStringList m_zones;
    QString m_zone; // where it was last seen
};

} // namespace gpufailover
