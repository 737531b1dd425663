#pragma once

#include <QList>
#include <QMutex>
#include <QString>

namespace gpufailover {

// Removes secrets from text before it is written anywhere a person or a crash report could read
// it. Every secret the SecretStore hands out is registered here; on top of that, credential-shaped
// patterns (Bearer tokens, api_key= parameters, private key blocks) are masked even when unknown.
// Thread-safe: the log handler calls it from any thread.
class Redactor final
{
public:
    static constexpr QLatin1StringView kMask { "[REDACTED]" };

    void addSecret(const QString &secret);
    void removeSecret(const QString &secret);
    QString redact(QString text) const;
    int secretCount() const;

private:
    mutable QMutex m_mutex;
    // Longest first, so a secret that contains another is masked whole. Kept sorted here, on the
    // rare add/remove, rather than on every log line.
    QList<QString> m_secrets;
};

} // namespace gpufailover
