#include "remote/sshconnection.h"

#include "remote/knownhosts.h"
#include "remote/remotelogging.h"
#include "remote/sshkey.h"

#include <QElapsedTimer>

#include <libssh/libssh.h>

namespace gpufailover {
namespace {

constexpr int kReadSliceMs = 50; // how often a waiting read looks at its deadline and cancel flag

struct KeyDeleter
{
    void operator()(ssh_key k) const { ssh_key_free(k); }
};

struct ChannelCloser
{
    void operator()(ssh_channel c) const
    {
        if (ssh_channel_is_open(c))
            ssh_channel_close(c);
        ssh_channel_free(c);
    }
};

void appendBounded(QByteArray &to, const char *data, int n, qint64 cap, bool &truncated)
{
    const qint64 room = cap - to.size();
    if (room <= 0) {
        truncated = truncated || n > 0;
        return;
    }
    to.append(data, int(qMin<qint64>(room, n)));
    if (n > room)
        truncated = true;
}

} // namespace

SshConnection::SshConnection(SshTarget target, KnownHosts *knownHosts)
    : m_target(std::move(target))
    , m_knownHosts(knownHosts)
{ }

SshConnection::~SshConnection()
{
    if (m_session) {
        if (ssh_is_connected(m_session))
            ssh_silent_disconnect(m_session);
        ssh_free(m_session);
    }
}

bool SshConnection::isConnected() const
{
    return m_session && !m_broken && ssh_is_connected(m_session);
}

Error SshConnection::fail(const QString &code, const QString &what)
{
    m_broken = true;
    return Error { code,
        QStringLiteral("%1 (%2:%3): %4")
            .arg(what, m_target.host)
            .arg(m_target.port)
            .arg(QString::fromUtf8(m_session ? ssh_get_error(m_session) : "")) };
}

Error SshConnection::commandTimedOut(const QString &what)
{
    return Error { ssherr::Timeout, QStringLiteral("%1 (%2:%3)").arg(what, m_target.host).arg(m_target.port) };
}

void SshConnection::setTimeout(QDeadlineTimer deadline)
{
    // libssh's blocking calls wait at most this long; never 0, which would mean "forever".
    const qint64 ms = qMax<qint64>(1, deadline.remainingTime());
    long sec = long(ms / 1000);
    long usec = long((ms % 1000) * 1000);
    ssh_options_set(m_session, SSH_OPTIONS_TIMEOUT, &sec);
    ssh_options_set(m_session, SSH_OPTIONS_TIMEOUT_USEC, &usec);
}

Status SshConnection::connect(const QString &privateKey, QDeadlineTimer deadline)
{
    if (privateKey.isEmpty())
        return Error { ssherr::NoIdentity, QStringLiteral("no SSH key is configured") };
    if (m_session)
        ssh_free(m_session);
    m_broken = false;
    m_session = ssh_new();
    const QByteArray host = m_target.host.toUtf8();
    const QByteArray user = m_target.user.toUtf8();
    const unsigned int port = unsigned(m_target.port);
    const int noConfig = 0;
    ssh_options_set(m_session, SSH_OPTIONS_HOST, host.constData());
    ssh_options_set(m_session, SSH_OPTIONS_PORT, &port);
    ssh_options_set(m_session, SSH_OPTIONS_USER, user.constData());
    ssh_options_set(m_session, SSH_OPTIONS_PROCESS_CONFIG, &noConfig); // the user's ~/.ssh/config is not ours
    // Small request/answer exchanges otherwise wait ~40 ms for Nagle and delayed ACKs, per step.
    const int noDelay = 1;
    ssh_options_set(m_session, SSH_OPTIONS_NODELAY, &noDelay);
    setTimeout(deadline);
    if (ssh_connect(m_session) != SSH_OK)
        return fail(deadline.hasExpired() ? ssherr::Timeout : ssherr::Connect, QStringLiteral("cannot connect"));

    ssh_key serverKey = nullptr;
    if (ssh_get_server_publickey(m_session, &serverKey) != SSH_OK)
        return fail(ssherr::Connect, QStringLiteral("no host key"));
    std::unique_ptr<std::remove_pointer_t<ssh_key>, KeyDeleter> keyGuard(serverKey);
    char *b64 = nullptr;
    ssh_pki_export_pubkey_base64(serverKey, &b64);
    const QString key = QString::fromLatin1(ssh_key_type_to_char(ssh_key_type(serverKey))) + u' '
        + QString::fromLatin1(b64 ? b64 : "");
    ssh_string_free_char(b64);
    QString previous;
    switch (m_knownHosts->check(m_target.host, m_target.port, key, &previous)) {
    case KnownHosts::Verdict::Learned:
        qCInfo(lcSsh).noquote() << "trusting host key of" << m_target.host << m_target.port
                                << "on first use:" << SshKeyPair::fingerprint(key).value();
        break;
    case KnownHosts::Verdict::Trusted:
        break;
    case KnownHosts::Verdict::Changed: {
        m_broken = true;
        const QString was
            = SshKeyPair::fingerprint(previous).ok() ? SshKeyPair::fingerprint(previous).value() : previous;
        const QString now = SshKeyPair::fingerprint(key).ok() ? SshKeyPair::fingerprint(key).value() : key;
        return Error { ssherr::HostKeyChanged,
            QStringLiteral("the host key of %1:%2 changed (was %3, now %4). The machine may have been replaced, or "
                           "someone may be intercepting the connection; not connecting.")
                .arg(m_target.host)
                .arg(m_target.port)
                .arg(was, now) };
    }
    }

    ssh_key identity = nullptr;
    const QByteArray pem = privateKey.toLatin1();
    if (ssh_pki_import_privkey_base64(pem.constData(), nullptr, nullptr, nullptr, &identity) != SSH_OK) {
        m_broken = true;
        return Error { ssherr::NoIdentity, QStringLiteral("the stored SSH key cannot be read") };
    }
    std::unique_ptr<std::remove_pointer_t<ssh_key>, KeyDeleter> identityGuard(identity);
    setTimeout(deadline);
    const int auth = ssh_userauth_publickey(m_session, nullptr, identity);
    if (auth == SSH_AUTH_DENIED || auth == SSH_AUTH_PARTIAL)
        return fail(ssherr::Auth, QStringLiteral("the host refused our SSH key"));
    // Anything else is the connection failing during authentication, not a verdict on the key.
    if (auth != SSH_AUTH_SUCCESS)
        return fail(deadline.hasExpired() ? ssherr::Timeout : ssherr::Disconnected,
            QStringLiteral("connection lost while authenticating"));
    return okStatus();
}

Result<ExecResult> SshConnection::exec(
    const ExecRequest &request, QDeadlineTimer deadline, const std::atomic_bool &cancel)
{
    QElapsedTimer elapsed;
    elapsed.start();
    if (!isConnected())
        return Error { ssherr::Disconnected, QStringLiteral("not connected") };
    setTimeout(deadline);
    std::unique_ptr<std::remove_pointer_t<ssh_channel>, ChannelCloser> channel(ssh_channel_new(m_session));
    if (!channel || ssh_channel_open_session(channel.get()) != SSH_OK)
        return fail(
            deadline.hasExpired() ? ssherr::Timeout : ssherr::Disconnected, QStringLiteral("cannot open a channel"));
    const QByteArray command = request.command.toUtf8();
    if (ssh_channel_request_exec(channel.get(), command.constData()) != SSH_OK)
        return fail(
            deadline.hasExpired() ? ssherr::Timeout : ssherr::Channel, QStringLiteral("cannot start the command"));

    for (qsizetype off = 0; off < request.stdinData.size();) {
        if (cancel.load())
            return fail(ssherr::Cancelled, QStringLiteral("cancelled"));
        if (deadline.hasExpired())
            return commandTimedOut(QStringLiteral("timed out sending input"));
        setTimeout(deadline);
        const int n = ssh_channel_write(channel.get(), request.stdinData.constData() + off,
            uint32_t(qMin<qsizetype>(32768, request.stdinData.size() - off)));
        if (n < 0)
            return fail(ssherr::Disconnected, QStringLiteral("connection lost sending input"));
        off += n;
    }
    ssh_channel_send_eof(channel.get());

    ExecResult result;
    char buf[16384];
    for (;;) {
        if (cancel.load())
            return fail(ssherr::Cancelled, QStringLiteral("cancelled"));
        if (deadline.hasExpired())
            return commandTimedOut(QStringLiteral("the command did not finish in %1 ms").arg(request.timeoutMs));
        const int n = ssh_channel_read_timeout(channel.get(), buf, sizeof buf, 0, kReadSliceMs);
        if (n == SSH_ERROR)
            return fail(ssherr::Disconnected, QStringLiteral("connection lost while the command ran"));
        if (n > 0)
            appendBounded(result.out, buf, n, request.maxOutputBytes, result.outTruncated);
        int e = 0;
        while ((e = ssh_channel_read_nonblocking(channel.get(), buf, sizeof buf, 1)) > 0)
            appendBounded(result.err, buf, e, request.maxOutputBytes, result.errTruncated);
        if (e == SSH_ERROR)
            return fail(ssherr::Disconnected, QStringLiteral("connection lost while the command ran"));
        if (n == 0 && ssh_channel_is_eof(channel.get()))
            break;
    }
    setTimeout(deadline);
    result.exitStatus = ssh_channel_get_exit_status(channel.get());
    result.elapsedMs = elapsed.elapsed();
    if (result.exitStatus < 0 && deadline.hasExpired())
        return fail(ssherr::Timeout, QStringLiteral("no exit status before the deadline"));
    return result;
}

} // namespace gpufailover
