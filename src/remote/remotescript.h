#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace gpufailover {

QString shellQuote(const QString &s);
QString shellJoin(const QStringList &argv);

// A remote command whose secrets reach it as environment variables read from stdin, so that no
// secret is ever in an argv (visible in /proc/*/cmdline and `ps` on the host) or a log line.
struct SecretEnvCommand
{
    QString command; // safe to log
    QByteArray stdinData; // the secrets, one per line; never log
};

Result<SecretEnvCommand> withSecretEnv(const QList<QPair<QString, QString>> &secrets, const QString &command);

} // namespace gpufailover
