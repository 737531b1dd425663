#include "core/keychainsecretstore.h"

#include "core/logging.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPointer>
#include <QSaveFile>

#include <qt6keychain/keychain.h>

namespace gpufailover {
namespace {

SecretResult mapJob(const QKeychain::Job *job)
{
    SecretResult r;
    switch (job->error()) {
    case QKeychain::NoError:
        return r;
    case QKeychain::EntryNotFound:
        r.error = SecretError::NotFound;
        r.message = QStringLiteral("no secret named %1 in the keychain").arg(job->key());
        return r;
    case QKeychain::NoBackendAvailable:
        r.error = SecretError::NoBackend;
        r.message = KeychainSecretStore::noBackendMessage();
        return r;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        r.error = SecretError::AccessDenied;
        r.message = QStringLiteral("the keychain refused access (is it locked?): %1").arg(job->errorString());
        return r;
    default:
        break;
    }
    // libsecret reports a missing session bus or Secret Service as a generic error ("Could not
    // connect: ..."); ask the bus ourselves so the user is told what is missing.
    const QString text = job->errorString();
    if (!KeychainSecretStore::backendAvailable()) {
        r.error = SecretError::NoBackend;
        r.message = KeychainSecretStore::noBackendMessage() + QStringLiteral(" (%1)").arg(text);
        return r;
    }
    r.error = SecretError::Other;
    r.message = QStringLiteral("keychain error: %1").arg(text);
    return r;
}

template <typename Job> Job *makeJob(const QString &service, const QString &key)
{
    auto *job = new Job(service);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    return job;
}

} // namespace

KeychainSecretStore::KeychainSecretStore(QString service, QString indexFile, Redactor *redactor, QObject *parent)
    : SecretStore(redactor, parent)
    , m_service(std::move(service))
    , m_indexFile(std::move(indexFile))
{ }

bool KeychainSecretStore::backendAvailable()
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected() || !bus.interface())
        return false;
    for (const char *name : { "org.freedesktop.secrets", "org.kde.kwalletd5", "org.kde.kwalletd6" }) {
        const QString service = QString::fromLatin1(name);
        if (bus.interface()->isServiceRegistered(service))
            return true;
        const auto activatable = bus.interface()->activatableServiceNames();
        if (activatable.isValid() && activatable.value().contains(service))
            return true;
    }
    return false;
}

QString KeychainSecretStore::noBackendMessage()
{
    return QStringLiteral("No keychain is available. GPU Failover keeps API keys only in the system keychain "
                          "(GNOME Keyring, KWallet or another Secret Service provider) and never in a plain file: "
                          "install and unlock one, then try again.");
}

void KeychainSecretStore::read(const QString &key, QObject *context, Callback done)
{
    if (!isValidKey(key)) {
        done({ SecretError::Other, {}, QStringLiteral("invalid secret name") });
        return;
    }
    auto *job = makeJob<QKeychain::ReadPasswordJob>(m_service, key);
    QPointer<QObject> guard(context);
    connect(
        job, &QKeychain::Job::finished, this, [this, guard, hasContext = context != nullptr, done](QKeychain::Job *j) {
            if (hasContext && !guard)
                return;
            SecretResult r = mapJob(j);
            if (r.ok()) {
                r.value = static_cast<QKeychain::ReadPasswordJob *>(j)->textData();
                protect(r.value);
            }
            done(r);
        });
    job->start();
}

void KeychainSecretStore::write(const QString &key, const QString &value, QObject *context, Callback done)
{
    if (!isValidKey(key)) {
        done({ SecretError::Other, {}, QStringLiteral("invalid secret name") });
        return;
    }
    protect(value);
    auto *job = makeJob<QKeychain::WritePasswordJob>(m_service, key);
    job->setTextData(value);
    QPointer<QObject> guard(context);
    connect(job, &QKeychain::Job::finished, this,
        [this, key, guard, hasContext = context != nullptr, done](QKeychain::Job *j) {
            const SecretResult r = mapJob(j);
            if (r.ok())
                updateIndex(key, true);
            else
                qCWarning(lcSecrets) << "storing" << key << "failed:" << r.message;
            if (hasContext && !guard)
                return;
            done(r);
        });
    job->start();
}

void KeychainSecretStore::remove(const QString &key, QObject *context, Callback done)
{
    auto *job = makeJob<QKeychain::DeletePasswordJob>(m_service, key);
    QPointer<QObject> guard(context);
    connect(job, &QKeychain::Job::finished, this,
        [this, key, guard, hasContext = context != nullptr, done](QKeychain::Job *j) {
            const SecretResult r = mapJob(j);
            if (r.ok() || r.error == SecretError::NotFound)
                updateIndex(key, false);
            if (hasContext && !guard)
                return;
            done(r);
        });
    job->start();
}

QStringList KeychainSecretStore::keys() const
{
    QFile f(m_indexFile);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    QStringList out;
    for (const QByteArray &line : f.readAll().split('\n')) {
        const QString k = QString::fromUtf8(line.trimmed());
        if (isValidKey(k))
            out.append(k);
    }
    out.removeDuplicates();
    out.sort();
    return out;
}

void KeychainSecretStore::updateIndex(const QString &key, bool present)
{
    if (m_indexFile.isEmpty())
        return;
    QStringList k = keys();
    k.removeAll(key);
    if (present)
        k.append(key);
    k.sort();
    QDir().mkpath(QFileInfo(m_indexFile).absolutePath());
    QSaveFile f(m_indexFile);
    if (f.open(QIODevice::WriteOnly | QIODevice::Text)) {
        f.write(k.join(QLatin1Char('\n')).toUtf8() + '\n');
        f.commit();
    }
}

} // namespace gpufailover
