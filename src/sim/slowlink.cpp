#include "sim/slowlink.h"

#include <QDeadlineTimer>
#include <QPointer>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <memory>

namespace gpufailover {

namespace {
qint64 nowMs()
{
    return QDeadlineTimer::current().deadline();
}

Status nft(const QStringList &args, const QByteArray &input = {})
{
    QProcess p;
    p.start(QStringLiteral("nft"), args);
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(5000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return Error { QStringLiteral("nft_failed"),
            QStringLiteral("nft %1: %2").arg(args.join(u' '), QString::fromUtf8(p.readAllStandardError()).trimmed()) };
    return okStatus();
}
} // namespace

SlowLink::SlowLink(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_random(m_options.seed)
{ }

SlowLink::~SlowLink()
{
    if (m_lossRules)
        (void)setLoss(false);
}

Status SlowLink::start()
{
    m_server = new QTcpServer(this);
    if (!m_server->listen(QHostAddress::LocalHost, 0))
        return Error { QStringLiteral("listen_failed"), m_server->errorString() };
    m_port = m_server->serverPort();
    connect(m_server, &QTcpServer::newConnection, this, &SlowLink::accept);
    if (m_options.lossPct > 0)
        return setLoss(true);
    return okStatus();
}

Status SlowLink::setLoss(bool on)
{
    const QString table = QStringLiteral("gpfslowlink_%1").arg(m_port);
    if (!on) {
        m_lossRules = false;
        return nft({ QStringLiteral("delete"), QStringLiteral("table"), QStringLiteral("inet"), table });
    }
    const QString rules = QStringLiteral("table inet %1 {\n chain input {\n  type filter hook input priority -10;\n"
                                         "  tcp dport %2 numgen random mod 100 < %3 drop\n"
                                         "  tcp sport %2 numgen random mod 100 < %3 drop\n }\n}\n")
                              .arg(table)
                              .arg(m_port)
                              .arg(m_options.lossPct);
    const Status s = nft({ QStringLiteral("-f"), QStringLiteral("-") }, rules.toUtf8());
    m_lossRules = s.ok();
    return s;
}

void SlowLink::accept()
{
    while (QTcpSocket *client = m_server->nextPendingConnection()) {
        ++m_connections;
        auto *upstream = new QTcpSocket(client);
        // Each direction keeps its own queue, held by the connections that use it.
        const auto toServer = std::make_shared<Direction>();
        const auto toClient = std::make_shared<Direction>();
        relay(client, upstream, toServer);
        relay(upstream, client, toClient);
        const auto closeBoth = [client] { client->deleteLater(); };
        connect(client, &QTcpSocket::disconnected, client, closeBoth);
        connect(upstream, &QTcpSocket::disconnected, client, [this, client, toClient] {
            // Let what is still on its way to the client arrive before the close does.
            const qint64 wait = qMax<qint64>(0, toClient->releaseAtMs - nowMs()) + 1;
            QTimer::singleShot(wait, client, [client] { client->disconnectFromHost(); });
        });
        connect(upstream, &QTcpSocket::errorOccurred, client, [client](QAbstractSocket::SocketError e) {
            if (e != QAbstractSocket::RemoteHostClosedError)
                client->abort();
        });
        upstream->connectToHost(m_options.targetHost, quint16(m_options.targetPort));
    }
}

void SlowLink::relay(QTcpSocket *from, QTcpSocket *to, std::shared_ptr<Direction> direction)
{
    QPointer<QTcpSocket> target(to);
    connect(from, &QTcpSocket::readyRead, from, [this, from, target, direction] {
        const QByteArray chunk = from->readAll();
        const int low = qMax(0, m_options.delayMs - m_options.jitterMs);
        const int delay = low + int(m_random.bounded(quint32(2 * m_options.jitterMs + 1)));
        direction->releaseAtMs = qMax(direction->releaseAtMs, nowMs() + delay);
        QTimer::singleShot(qMax<qint64>(0, direction->releaseAtMs - nowMs()), from, [target, chunk] {
            if (target && target->state() != QAbstractSocket::UnconnectedState)
                target->write(chunk); // buffered by Qt while the upstream still connects
        });
    });
}

} // namespace gpufailover
