#include "remote/remotescript.h"

#include <QRegularExpression>

namespace gpufailover {

QString shellQuote(const QString &s)
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9_@%+=:,./-]+$"));
    if (!s.isEmpty() && safe.match(s).hasMatch())
        return s;
    QString out = s;
    out.replace(u'\'', QStringLiteral("'\\''"));
    return u'\'' + out + u'\'';
}

QString shellJoin(const QStringList &argv)
{
    QStringList quoted;
    quoted.reserve(argv.size());
    for (const QString &a : argv)
        quoted << shellQuote(a);
    return quoted.join(u' ');
}

Result<SecretEnvCommand> withSecretEnv(const QList<QPair<QString, QString>> &secrets, const QString &command)
{
    static const QRegularExpression name(QStringLiteral("^[A-Z_][A-Z0-9_]*$"));
    QStringList reads, names;
    SecretEnvCommand out;
    for (const auto &[var, value] : secrets) {
        if (!name.match(var).hasMatch())
            return Error { QStringLiteral("invalid_args"), QStringLiteral("bad variable name %1").arg(var) };
        if (value.contains(u'\n') || value.contains(QChar(0)))
            return Error { QStringLiteral("invalid_args"),
                QStringLiteral("the value of %1 cannot contain a newline").arg(var) };
        reads << QStringLiteral("IFS= read -r %1").arg(var);
        names << var;
        out.stdinData += value.toUtf8() + '\n';
    }
    out.command = secrets.isEmpty()
        ? command
        : QStringLiteral("%1 && export %2 && %3").arg(reads.join(QStringLiteral(" && ")), names.join(u' '), command);
    return out;
}

} // namespace gpufailover
