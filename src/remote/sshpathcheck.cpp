#include "remote/sshpathcheck.h"

#include <QTcpSocket>
#include <QTimer>

#include <algorithm>

namespace gpufailover {

namespace {
constexpr int kAttempts = 2;
}

SshPathCheck::SshPathCheck(QObject *context, std::function<void(Result)> done)
    : QObject(context)
    , m_done(std::move(done))
{ }

void SshPathCheck::run(
    const QString &host, int port, qint64 timeoutMs, QObject *context, std::function<void(Result)> done)
{
    // Parented to the context: if it goes away, so do the sockets, and done is never called.
    auto *check = new SshPathCheck(context, std::move(done));
    for (int i = 0; i < kAttempts; ++i)
        check->attempt(host, port, timeoutMs);
}

void SshPathCheck::attempt(const QString &host, int port, qint64 timeoutMs)
{
    ++m_attempts;
    auto *socket = new QTcpSocket(this);
    auto *timer = new QTimer(socket);
    timer->setSingleShot(true);
    auto finished = std::make_shared<bool>(false);
    const auto finish = [this, socket, finished](HealthSample::Path path, const QString &detail) {
        if (*finished)
            return;
        *finished = true;
        socket->abort();
        socket->deleteLater();
        settle(path, detail);
    };
    connect(timer, &QTimer::timeout, socket, [socket, finish, timeoutMs] {
        if (socket->state() == QAbstractSocket::ConnectedState)
            finish(HealthSample::Path::Silent,
                QStringLiteral("the host accepts connections but its sshd said nothing in %1 ms").arg(timeoutMs));
        else
            finish(HealthSample::Path::Unreachable,
                QStringLiteral("no TCP connection to the SSH port within %1 ms").arg(timeoutMs));
    });
    connect(socket, &QTcpSocket::connected, socket, [timer, timeoutMs] { timer->start(int(timeoutMs)); });
    connect(socket, &QTcpSocket::readyRead, socket, [socket, finish] {
        // The greeting is "SSH-2.0-...". Anything at all shows the host's processes run.
        // It is the network's text: only its printable part goes into the journal.
        QByteArray greeting = socket->peek(40).trimmed();
        for (char &c : greeting)
            c = (c >= 0x20 && c < 0x7f) ? c : '?';
        finish(HealthSample::Path::Answers, QStringLiteral("sshd answers (%1)").arg(QString::fromLatin1(greeting)));
    });
    connect(socket, &QTcpSocket::errorOccurred, socket, [socket, finish](QAbstractSocket::SocketError e) {
        if (e == QAbstractSocket::ConnectionRefusedError)
            return finish(HealthSample::Path::Refused, QStringLiteral("the host refuses connections to its SSH port"));
        // Closed before any greeting: the machine's kernel runs, its sshd does not serve us.
        if (e == QAbstractSocket::RemoteHostClosedError)
            return finish(HealthSample::Path::Refused, QStringLiteral("sshd closed the connection without a greeting"));
        finish(HealthSample::Path::Unreachable, socket->errorString());
    });
    timer->start(int(timeoutMs));
    socket->connectToHost(host, quint16(port));
}

void SshPathCheck::settle(HealthSample::Path path, const QString &detail)
{
    m_results.append({ path, detail });
    if (m_results.size() < m_attempts)
        return;
    using P = HealthSample::Path;
    // One greeting proves the host lives; one reset proves the machine runs without sshd; a hang
    // needs every connection made and every one silent.
    Result verdict = m_results.first();
    for (const P p : { P::Answers, P::Refused, P::Unreachable }) {
        const auto it
            = std::find_if(m_results.cbegin(), m_results.cend(), [p](const Result &r) { return r.path == p; });
        if (it != m_results.cend()) {
            verdict = *it;
            break;
        }
    }
    auto done = std::move(m_done);
    deleteLater();
    done(verdict);
}

} // namespace gpufailover
