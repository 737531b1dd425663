#pragma once

#include "core/result.h"

#include <QProcess>
#include <QString>

#include <memory>

namespace gpufailover {

// A real S3 server on loopback for snapshot tests and demos: s3rver (from npm, see
// tools/s3rver) over TLS with a certificate made for it. Over plain HTTP s3rver stores restic's
// chunk-signed uploads undecoded and the repository is unreadable; with TLS restic 0.14 works.
class S3TestServer final
{
public:
    struct Options
    {
        QString dir; // data, certificate and log live below; must exist
        QString bucket = QStringLiteral("gpufailover");
    };

    static bool supported(QString *why);

    explicit S3TestServer(Options options);
    ~S3TestServer();
    S3TestServer(const S3TestServer &) = delete;
    S3TestServer &operator=(const S3TestServer &) = delete;

    Status start(int timeoutMs = 15000);
    void stop();

    int port() const { return m_port; }
    QString endpoint() const { return QStringLiteral("https://127.0.0.1:%1").arg(m_port); }
    // restic's repository URL for a path in the bucket.
    QString repository(const QString &path) const;
    QString caCertFile() const;
    // Its PEM, as a client that trusts the store is given it (empty before start()).
    QByteArray caCertPem() const;
    QString bucketDir() const; // where the objects land on disk (to damage them in tests)
    QString logFile() const; // s3rver's output: one line per request
    // s3rver accepts these fixed credentials.
    static QString accessKeyId() { return QStringLiteral("S3RVER"); }
    static QString secretAccessKey() { return QStringLiteral("S3RVER"); }

private:
    Options m_options;
    int m_port = 0;
    std::unique_ptr<QProcess> m_process;
};

} // namespace gpufailover
