#pragma once

#include "core/cloudprovider.h"

#include <QHash>
#include <QObject>

namespace gpufailover {

class Clock;
class SimMarket;

// SSH to simulated instances that have no real host behind them: what a probe or a command
// would meet, read from the market's own state. A running instance answers (a healthy GPU at
// the utilization set for it); a hung one answers nothing until the timeout; a stopped, exited
// or destroyed one refuses the connection. For many pools at once (the dashboard's load test
// and benchmark), where a real sshd per instance would not fit on one machine. Commands run
// nowhere: they succeed with no output.
class SimInstanceAccess final : public QObject, public InstanceAccess
{
    Q_OBJECT
public:
    SimInstanceAccess(SimMarket *market, Clock *clock, QObject *parent = nullptr);

    void probe(const SshEndpoint &endpoint, qint64 timeoutMs, QObject *context,
        std::function<void(HealthSample)> done) override;
    void run(const SshEndpoint &endpoint, const QString &command, qint64 timeoutMs, QObject *context,
        std::function<void(Result<QByteArray>)> done) override;

    void setUtilization(qint64 instanceId, int percent) { m_utilization.insert(instanceId, percent); }
    int probes() const { return m_probes; }

private:
    // The instance an endpoint reaches, if it is up; an error for people otherwise.
    Result<const struct SimInstance *> reach(const SshEndpoint &endpoint) const;

    SimMarket *m_market;
    Clock *m_clock;
    QHash<qint64, int> m_utilization;
    int m_probes = 0;
};

} // namespace gpufailover
