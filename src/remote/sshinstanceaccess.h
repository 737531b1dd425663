#pragma once

#include "core/cloudprovider.h"

#include <QObject>
#include <QSet>

namespace gpufailover {

class RemoteShell;

// InstanceAccess over SSH: the GPU probe and plain commands through RemoteShell.
class SshInstanceAccess final : public QObject, public InstanceAccess
{
    Q_OBJECT
public:
    // timeScale: clock ms per real ms (the engine's timeouts are clock ms; SSH waits in real time).
    SshInstanceAccess(RemoteShell *shell, double timeScale = 1.0, QObject *parent = nullptr);

    void probe(const SshEndpoint &endpoint, qint64 timeoutMs, QObject *context,
        std::function<void(HealthSample)> done) override;
    void run(const SshEndpoint &endpoint, const QString &command, qint64 timeoutMs, QObject *context,
        std::function<void(Result<QByteArray>)> done) override;

private:
    qint64 realMs(qint64 clockMs) const;

    RemoteShell *m_shell;
    double m_timeScale;
    QSet<QString> m_failing; // "host:port" whose last probe failed
};

} // namespace gpufailover
