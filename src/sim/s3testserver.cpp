#include "sim/s3testserver.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QTcpServer>
#include <QTcpSocket>

#include <csignal>
#include <sys/prctl.h>

namespace gpufailover {
namespace {

QString s3rverBinary()
{
    return QStringLiteral(GPUFAILOVER_SOURCE_DIR "/tools/s3rver/node_modules/.bin/s3rver");
}

} // namespace

bool S3TestServer::supported(QString *why)
{
    if (!QFile::exists(s3rverBinary())) {
        if (why)
            *why = QStringLiteral("s3rver is not installed (scripts/setup-deps.sh installs it into tools/s3rver)");
        return false;
    }
    return true;
}

S3TestServer::S3TestServer(Options options)
    : m_options(std::move(options))
{ }

S3TestServer::~S3TestServer()
{
    stop();
}

QString S3TestServer::caCertFile() const
{
    return QDir(m_options.dir).filePath(QStringLiteral("cert.pem"));
}

QByteArray S3TestServer::caCertPem() const
{
    QFile pem(caCertFile());
    return pem.open(QIODevice::ReadOnly) ? pem.readAll() : QByteArray();
}

QString S3TestServer::bucketDir() const
{
    return QDir(m_options.dir).filePath(QStringLiteral("data/") + m_options.bucket);
}

QString S3TestServer::logFile() const
{
    return QDir(m_options.dir).filePath(QStringLiteral("s3rver.log"));
}

QString S3TestServer::repository(const QString &path) const
{
    return QStringLiteral("s3:%1/%2/%3").arg(endpoint(), m_options.bucket, path);
}

Status S3TestServer::start(int timeoutMs)
{
    QString why;
    if (!supported(&why))
        return Error { QStringLiteral("unsupported"), why };
    const QDir dir(m_options.dir);
    dir.mkpath(QStringLiteral("data"));
    if (!QFile::exists(caCertFile())) {
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
            { QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                QStringLiteral("-nodes"), QStringLiteral("-keyout"), dir.filePath(QStringLiteral("key.pem")),
                QStringLiteral("-out"), caCertFile(), QStringLiteral("-days"), QStringLiteral("2"),
                QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
                QStringLiteral("subjectAltName=IP:127.0.0.1") });
        if (!openssl.waitForFinished(30000) || openssl.exitCode() != 0)
            return Error { QStringLiteral("s3"),
                QStringLiteral("openssl could not make a certificate: %1")
                    .arg(QString::fromUtf8(openssl.readAllStandardError())) };
    }
    if (!m_port) {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        m_port = probe.serverPort();
    }
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setStandardOutputFile(dir.filePath(QStringLiteral("s3rver.log")), QIODevice::Append);
    // The store dies with whatever started it, even on kill -9 (like the simulated hosts).
    m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    m_process->start(s3rverBinary(),
        { QStringLiteral("--address"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"), QString::number(m_port),
            QStringLiteral("--directory"), dir.filePath(QStringLiteral("data")), QStringLiteral("--key"),
            dir.filePath(QStringLiteral("key.pem")), QStringLiteral("--cert"), caCertFile(),
            QStringLiteral("--configure-bucket"), m_options.bucket });
    if (!m_process->waitForStarted(5000))
        return Error { QStringLiteral("s3"), QStringLiteral("cannot start s3rver: %1").arg(m_process->errorString()) };
    // Ready when it accepts connections.
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, quint16(m_port));
        if (socket.waitForConnected(200))
            return okStatus();
        if (m_process->state() == QProcess::NotRunning)
            return Error { QStringLiteral("s3"),
                QStringLiteral("s3rver exited; see %1").arg(dir.filePath(QStringLiteral("s3rver.log"))) };
        m_process->waitForFinished(50); // returns at once if it dies; otherwise a short wait
    }
    return Error { QStringLiteral("s3"), QStringLiteral("s3rver did not come up") };
}

void S3TestServer::stop()
{
    if (!m_process)
        return;
    m_process->terminate();
    if (!m_process->waitForFinished(5000))
        m_process->kill();
    m_process->waitForFinished(5000);
    m_process.reset();
}

} // namespace gpufailover
