#pragma once

#include "core/secretstore.h"

namespace gpufailover {

// SecretStore over QtKeychain (Secret Service / KWallet on Linux). Insecure fallback is off: on a
// machine without a keychain every call fails with SecretError::NoBackend and a message that says
// what to install, instead of quietly writing keys to a file. The names of stored keys (never the
// values) are kept in an index file so they can all be wiped.
class KeychainSecretStore final : public SecretStore
{
    Q_OBJECT
public:
    KeychainSecretStore(QString service, QString indexFile, Redactor *redactor, QObject *parent = nullptr);

    void read(const QString &key, QObject *context, Callback done) override;
    void write(const QString &key, const QString &value, QObject *context, Callback done) override;
    void remove(const QString &key, QObject *context, Callback done) override;
    QStringList keys() const override;

    static QString noBackendMessage();
    // Whether a session bus with a Secret Service (or KWallet) is reachable right now.
    static bool backendAvailable();

private:
    void updateIndex(const QString &key, bool present);

    QString m_service;
    QString m_indexFile;
};

} // namespace gpufailover
