#include "core/redactor.h"

#include <QRegularExpression>

#include <algorithm>

namespace gpufailover {
namespace {

// Shorter strings would mask ordinary words ("on", "true") and make logs useless.
constexpr qsizetype kMinSecretLength = 6;

const QRegularExpression &patterns()
{
    static const QRegularExpression re(
        QStringLiteral(R"((?<bearer>\bBearer\s+)[A-Za-z0-9._~+/=-]+)"
                       R"(|(?<param>\b(?:api_key|apikey|token|access_token|password|secret)=)[^&\s"']+)"
                       R"(|-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----)"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

} // namespace

void Redactor::addSecret(const QString &secret)
{
    if (secret.size() < kMinSecretLength)
        return;
    QMutexLocker lock(&m_mutex);
    if (m_secrets.contains(secret))
        return;
    const auto at = std::upper_bound(m_secrets.begin(), m_secrets.end(), secret,
        [](const QString &a, const QString &b) { return a.size() > b.size(); });
    m_secrets.insert(at, secret);
}

void Redactor::removeSecret(const QString &secret)
{
    QMutexLocker lock(&m_mutex);
    m_secrets.removeAll(secret);
}

int Redactor::secretCount() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_secrets.size());
}

QString Redactor::redact(QString text) const
{
    {
        QMutexLocker lock(&m_mutex);
        for (const QString &secret : std::as_const(m_secrets))
            text.replace(secret, kMask);
    }
    QString out;
    qsizetype last = 0;
    auto it = patterns().globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        out += QStringView(text).mid(last, m.capturedStart() - last);
        if (m.capturedLength(u"bearer") > 0)
            out += m.captured(u"bearer") + kMask;
        else if (m.capturedLength(u"param") > 0)
            out += m.captured(u"param") + kMask;
        else
            out += kMask;
        last = m.capturedEnd();
    }
    if (last == 0)
        return text;
    out += QStringView(text).mid(last);
    return out;
}

} // namespace gpufailover
