#include "core/secretstore.h"

#include "core/redactor.h"

#include <QEventLoop>
#include <QMetaObject>
#include <QPointer>
#include <QRegularExpression>

namespace gpufailover {

bool SecretStore::isValidKey(const QString &key)
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9][a-z0-9._/-]{0,127}$"));
    return re.match(key).hasMatch();
}

SecretResult SecretStore::waitFor(const std::function<void(Callback)> &call)
{
    SecretResult out { SecretError::Other, {}, QStringLiteral("no answer from the keychain") };
    QEventLoop loop;
    bool answered = false;
    call([&](const SecretResult &r) {
        out = r;
        answered = true;
        loop.quit();
    });
    if (!answered)
        loop.exec();
    return out;
}

void SecretStore::protect(const QString &value) const
{
    if (m_redactor)
        m_redactor->addSecret(value);
}

void SecretStore::unprotect(const QString &value) const
{
    if (m_redactor)
        m_redactor->removeSecret(value);
}

void InMemorySecretStore::deliver(QObject *context, Callback done, SecretResult result)
{
    // Callbacks arrive from the event loop, as a real keychain's would, so callers cannot come to
    // depend on synchronous delivery.
    QMetaObject::invokeMethod(
        context ? context : this, [done = std::move(done), result = std::move(result)] { done(result); },
        Qt::QueuedConnection);
}

void InMemorySecretStore::read(const QString &key, QObject *context, Callback done)
{
    SecretResult result;
    if (!isValidKey(key)) {
        result = { SecretError::Other, {}, QStringLiteral("invalid secret name") };
    } else if (auto it = m_values.constFind(key); it != m_values.constEnd()) {
        protect(*it);
        result.value = *it;
    } else {
        result = { SecretError::NotFound, {}, QStringLiteral("no secret named %1").arg(key) };
    }
    deliver(context, std::move(done), std::move(result));
}

void InMemorySecretStore::write(const QString &key, const QString &value, QObject *context, Callback done)
{
    SecretResult result;
    if (!isValidKey(key)) {
        result = { SecretError::Other, {}, QStringLiteral("invalid secret name") };
    } else {
        if (auto it = m_values.constFind(key); it != m_values.constEnd())
            unprotect(*it);
        protect(value);
        m_values.insert(key, value);
    }
    deliver(context, std::move(done), std::move(result));
}

void InMemorySecretStore::remove(const QString &key, QObject *context, Callback done)
{
    SecretResult result;
    if (auto it = m_values.constFind(key); it != m_values.constEnd()) {
        unprotect(*it);
        m_values.erase(it);
    } else {
        result = { SecretError::NotFound, {}, QStringLiteral("no secret named %1").arg(key) };
    }
    deliver(context, std::move(done), std::move(result));
}

QStringList InMemorySecretStore::keys() const
{
    QStringList k = m_values.keys();
    k.sort();
    return k;
}

} // namespace gpufailover
