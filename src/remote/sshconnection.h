#pragma once

#include "core/cloudtypes.h"
#include "core/result.h"

#include <QByteArray>
#include <QDeadlineTimer>
#include <QString>

#include <atomic>

struct ssh_session_struct;

namespace gpufailover {

class KnownHosts;

struct SshTarget
{
    QString host;
    int port = 22;
    QString user = QStringLiteral("root");
    QString id() const { return QStringLiteral("%1@%2:%3").arg(user, host).arg(port); }
    static SshTarget of(const SshEndpoint &e) { return { e.host, e.port, e.user }; }
};

struct ExecRequest
{
    QString command; // run by the remote user's shell; never put a secret here
    QByteArray stdinData; // secrets travel here (see remotescript.h)
    qint64 timeoutMs = 30000;
    qint64 maxOutputBytes = 1024 * 1024; // per stream; the rest is dropped and flagged
};

struct ExecResult
{
    int exitStatus = -1;
    QByteArray out, err;
    bool outTruncated = false, errTruncated = false;
    qint64 elapsedMs = 0;
    bool ok() const { return exitStatus == 0; }
};

namespace ssherr {
inline const QString Connect = QStringLiteral("connect_failed");
inline const QString Timeout = QStringLiteral("timeout");
inline const QString Auth = QStringLiteral("auth_failed");
inline const QString HostKeyChanged = QStringLiteral("host_key_changed");
inline const QString Disconnected = QStringLiteral("disconnected");
inline const QString Channel = QStringLiteral("channel_error");
inline const QString Cancelled = QStringLiteral("cancelled");
inline const QString NoIdentity = QStringLiteral("no_identity");
} // namespace ssherr

// One libssh session. Blocking and not thread-safe: used by one worker thread at a time, never
// on the GUI thread. Every blocking call is bounded by the deadline it is given.
class SshConnection final
{
public:
    SshConnection(SshTarget target, KnownHosts *knownHosts);
    ~SshConnection();
    SshConnection(const SshConnection &) = delete;
    SshConnection &operator=(const SshConnection &) = delete;

    Status connect(const QString &privateKey, QDeadlineTimer deadline);
    Result<ExecResult> exec(const ExecRequest &request, QDeadlineTimer deadline, const std::atomic_bool &cancel);

    bool isConnected() const;
    const SshTarget &target() const { return m_target; }
    // Set when a call failed in a way that leaves the session unusable (timeout mid-command...).
    bool isBroken() const { return m_broken; }
    qint64 idleSinceMs = 0; // monotonic, maintained by the pool

private:
    void setTimeout(QDeadlineTimer deadline);
    Error fail(const QString &code, const QString &what);
    // A command that outlived its deadline on a working session: its channel is closed, the
    // session stays usable, so the next command does not pay for a new handshake.
    Error commandTimedOut(const QString &what);

    SshTarget m_target;
    KnownHosts *m_knownHosts;
    ssh_session_struct *m_session = nullptr;
    bool m_broken = false;
};

} // namespace gpufailover
