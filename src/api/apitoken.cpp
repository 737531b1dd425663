#include "api/apitoken.h"

#include "core/secretstore.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QRandomGenerator>
#include <QSaveFile>

namespace gpufailover {
namespace {

const QString kSecretName = QStringLiteral("api/token");

QString newToken()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->generate(
        reinterpret_cast<quint32 *>(bytes.data()), reinterpret_cast<quint32 *>(bytes.data() + bytes.size()));
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

Result<QString> readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error { QStringLiteral("no_token"),
            QStringLiteral("no API token at %1 (is the daemon running with this --config-dir?)").arg(path) };
    const QString token = QString::fromLatin1(f.readAll().trimmed());
    if (token.size() < 32)
        return Error { QStringLiteral("no_token"), QStringLiteral("the API token in %1 is damaged").arg(path) };
    return token;
}

} // namespace

QString apiTokenFile(const QString &configDir)
{
    return QDir(configDir).filePath(QStringLiteral("api-token"));
}

QString apiPortFile(const QString &configDir)
{
    return QDir(configDir).filePath(QStringLiteral("api-port"));
}

Result<QString> loadOrCreateApiToken(SecretStore *store, const QString &configDir)
{
    if (store) {
        const SecretResult r = SecretStore::waitFor([&](auto cb) { store->read(kSecretName, nullptr, cb); });
        if (r.ok())
            return r.value;
        if (r.error == SecretError::NotFound) {
            const QString token = newToken();
            const SecretResult w
                = SecretStore::waitFor([&](auto cb) { store->write(kSecretName, token, nullptr, cb); });
            if (w.ok())
                return token;
            if (w.error != SecretError::NoBackend)
                return Error { QStringLiteral("keychain"), w.message };
        } else if (r.error != SecretError::NoBackend) {
            return Error { QStringLiteral("keychain"), r.message };
        }
    }
    // No keychain: a file only its owner can read.
    if (auto existing = readFile(apiTokenFile(configDir)))
        return existing;
    const QString token = newToken();
    QDir().mkpath(configDir);
    QSaveFile f(apiTokenFile(configDir));
    if (!f.open(QIODevice::WriteOnly))
        return Error { QStringLiteral("io_error"), QStringLiteral("cannot write %1").arg(apiTokenFile(configDir)) };
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    f.write(token.toLatin1() + '\n');
    if (!f.commit())
        return Error { QStringLiteral("io_error"), QStringLiteral("cannot write %1").arg(apiTokenFile(configDir)) };
    return token;
}

Result<QString> readApiToken(SecretStore *store, const QString &configDir)
{
    if (QFile::exists(apiTokenFile(configDir)) || !store)
        return readFile(apiTokenFile(configDir));
    const SecretResult r = SecretStore::waitFor([&](auto cb) { store->read(kSecretName, nullptr, cb); });
    if (!r.ok())
        return Error { QStringLiteral("no_token"), r.message };
    return r.value;
}

} // namespace gpufailover
