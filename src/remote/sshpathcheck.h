#pragma once

#include "core/healthsample.h"

#include <QObject>
#include <QString>

#include <functional>

namespace gpufailover {

// A look at an SSH port below SSH, after a probe failed: does the machine accept a TCP
// connection, and does its sshd send its greeting? That is what tells a frozen host (the kernel
// accepts, nothing answers) from a blocked or degraded path (nothing gets through), which SSH's
// own errors do not. Two connections are tried at once and a host is only called Silent when both
// connected and both stayed silent, so one lost packet on a lossy link does not make a hang.
// Asynchronous on the caller's thread (QTcpSocket), never blocking it.
class SshPathCheck final : public QObject
{
    Q_OBJECT
public:
    struct Result
    {
        HealthSample::Path path = HealthSample::Path::NotChecked;
        QString detail;
    };

    // timeoutMs bounds the connection; a connected host then gets as long again to greet.
    static void run(
        const QString &host, int port, qint64 timeoutMs, QObject *context, std::function<void(Result)> done);

private:
    SshPathCheck(QObject *context, std::function<void(Result)> done);
    void attempt(const QString &host, int port, qint64 timeoutMs);
    void settle(HealthSample::Path path, const QString &detail);

    std::function<void(Result)> m_done;
    QList<Result> m_results;
    int m_attempts = 0;
};

} // namespace gpufailover
