#pragma once

#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

namespace gpufailover {

class Redactor;

enum class SecretError {
    None,
    NotFound,
    NoBackend, // no keychain service on this machine: never fall back to plain text
    AccessDenied, // the user refused, or the keyring is locked
    Other,
};

struct SecretResult
{
    SecretError error = SecretError::None;
    QString value; // only for reads
    QString message; // human-readable, never contains the secret
    bool ok() const { return error == SecretError::None; }
};

// Where API keys, service-account keys, SSH private keys and the local API token live. The
// interface is asynchronous because real keychains are (they may prompt the user). Every value
// read or written is registered with the Redactor so it can never reach a log line.
class SecretStore : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const SecretResult &)>;

    explicit SecretStore(Redactor *redactor, QObject *parent = nullptr)
        : QObject(parent)
        , m_redactor(redactor)
    { }
    ~SecretStore() override = default;

    // `context` bounds the callback's lifetime as in QObject::connect: no call after it is gone.
    virtual void read(const QString &key, QObject *context, Callback done) = 0;
    virtual void write(const QString &key, const QString &value, QObject *context, Callback done) = 0;
    virtual void remove(const QString &key, QObject *context, Callback done) = 0;
    // Names of the keys this product stored, so a user can wipe them all.
    virtual QStringList keys() const = 0;

    static bool isValidKey(const QString &key);
    // Runs one asynchronous call and waits for its answer in a local event loop. For startup code
    // (main(), the daemon reading its keys), never for a running engine.
    static SecretResult waitFor(const std::function<void(Callback)> &call);

protected:
    void protect(const QString &value) const;
    void unprotect(const QString &value) const;

private:
    Redactor *m_redactor;
};

// For unit tests and the demo: keeps secrets in memory only.
class InMemorySecretStore final : public SecretStore
{
    Q_OBJECT
public:
    using SecretStore::SecretStore;

    void read(const QString &key, QObject *context, Callback done) override;
    void write(const QString &key, const QString &value, QObject *context, Callback done) override;
    void remove(const QString &key, QObject *context, Callback done) override;
    QStringList keys() const override;

private:
    void deliver(QObject *context, Callback done, SecretResult result);
    QHash<QString, QString> m_values;
};

} // namespace gpufailover
