#include "sim/siminstanceaccess.h"

#include "core/clock.h"
#include "sim/simmarket.h"

#include <QPointer>

namespace gpufailover {

SimInstanceAccess::SimInstanceAccess(SimMarket *market, Clock *clock, QObject *parent)
    : QObject(parent)
    , m_market(market)
    , m_clock(clock)
{ }

Result<const SimInstance *> SimInstanceAccess::reach(const SshEndpoint &endpoint) const
{
    for (const SimInstance *i : m_market->instances()) {
        const auto h = m_market->hosts().constFind(i->machineId);
        const bool direct = h != m_market->hosts().constEnd() && endpoint.host == h->publicIp
            && endpoint.port == i->directSshPort && i->directSshPort;
        const bool proxied = endpoint.host.endsWith(u".simvast.invalid") && endpoint.port == i->sshPort;
        if (!direct && !proxied)
            continue;
        if (i->actual != u"running")
            break;
        if (i->hung)
            return Error { QStringLiteral("timeout"),
                QStringLiteral("no answer from %1:%2").arg(endpoint.host).arg(endpoint.port) };
        return i;
    }
    return Error { QStringLiteral("connection_refused"),
        QStringLiteral("connection refused by %1:%2").arg(endpoint.host).arg(endpoint.port) };
}

void SimInstanceAccess::probe(
    const SshEndpoint &endpoint, qint64 timeoutMs, QObject *context, std::function<void(HealthSample)> done)
{
    ++m_probes;
    const auto reached = reach(endpoint);
    HealthSample s;
    s.time = m_clock->now();
    if (reached) {
        s.status = HealthSample::Status::Healthy;
        GpuReading g;
        g.name = QStringLiteral("simulated GPU");
        g.utilizationPct = m_utilization.value((*reached)->id, 50);
        s.gpus = { g };
    } else {
        s.reason = reached.error().message;
        // What a TCP look at the port would have seen: a hung machine still accepts connections.
        s.path = reached.error().code == u"timeout" ? HealthSample::Path::Silent : HealthSample::Path::Refused;
    }
    // A hung instance answers nothing: the probe waits out its timeout, as SSH would.
    const qint64 after = !reached && reached.error().code == u"timeout" ? timeoutMs : 0;
    QPointer<QObject> ctx(context);
    m_clock->singleShot(after, this, [ctx, s, done = std::move(done)] {
        if (ctx)
            done(s);
    });
}

void SimInstanceAccess::run(const SshEndpoint &endpoint, const QString &, qint64 timeoutMs, QObject *context,
    std::function<void(Result<QByteArray>)> done)
{
    const auto reached = reach(endpoint);
    const qint64 after = !reached && reached.error().code == u"timeout" ? timeoutMs : 0;
    QPointer<QObject> ctx(context);
    m_clock->singleShot(after, this, [ctx, reached, done = std::move(done)] {
        if (!ctx)
            return;
        if (reached)
            return done(QByteArray());
        done(reached.error());
    });
}

} // namespace gpufailover
