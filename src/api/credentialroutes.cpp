// The wizard's credential routes. Keys go into the engine's SecretStore (the OS keychain) and
// never come back out: a GET says only whether each is set, with a hint a person recognises.
#include "api/apireply.h"
#include "api/apiserver.h"
#include "core/keychainnames.h"
#include "core/poolregistry.h"
#include "core/secretstore.h"
#include "core/warmpool.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>

#include <memory>

namespace gpufailover {

using namespace api;

namespace {

struct Credential
{
    const char *field; // in the API
    const QString &key; // in the SecretStore
};

const Credential kCredentials[] = {
    { "vast_api_key", keychain::VastApiKey },
    { "gcp_service_account_json", keychain::GcpServiceAccount },
    { "snapshot_access_key_id", keychain::SnapshotAccessKeyId },
    { "snapshot_secret_access_key", keychain::SnapshotSecretAccessKey },
    // Generated with the first snapshot; set by hand only to read an old repository again
    // (disaster-recovery.md), since without it nothing in the repository can be read.
    { "snapshot_repository_password", keychain::SnapshotRepositoryPassword },
};

// What shows that a key is set without showing it: the end of an id, the service account's
// address; nothing of a secret key.
QString hintOf(const QString &field, const QString &value)
{
    if (field == u"gcp_service_account_json")
        return QJsonDocument::fromJson(value.toUtf8()).object().value(QStringLiteral("client_email")).toString();
    if (field == u"snapshot_secret_access_key" || field == u"snapshot_repository_password" || value.size() < 12)
        return {};
    return QStringLiteral("…") + value.right(4);
}

std::optional<QString> invalidServiceAccount(const QString &text)
{
    const QJsonObject o = QJsonDocument::fromJson(text.toUtf8()).object();
    if (o.value(QStringLiteral("type")).toString() != u"service_account")
        return QStringLiteral("gcp_service_account_json is not a service-account key (\"type\": \"service_account\")");
    if (o.value(QStringLiteral("client_email")).toString().isEmpty()
        || !o.value(QStringLiteral("private_key")).toString().contains(u"PRIVATE KEY"))
        return QStringLiteral("gcp_service_account_json lacks client_email or private_key");
    return std::nullopt;
}

} // namespace

void ApiServer::registerCredentialRoutes()
{
    addRoute(
        "GET", QStringLiteral("/api/credentials"), false, [this](const HttpRequest &, auto &, auto &, Respond respond) {
            auto out = std::make_shared<QJsonObject>();
            auto pending = std::make_shared<int>(int(std::size(kCredentials)));
            for (const Credential &c : kCredentials) {
                const QString field = QString::fromLatin1(c.field);
                m_s.secrets->read(c.key, this, [=](const SecretResult &r) {
                    QJsonObject o { { QStringLiteral("set"), r.ok() && !r.value.isEmpty() } };
                    if (r.ok() && !hintOf(field, r.value).isEmpty())
                        o.insert(QStringLiteral("hint"), hintOf(field, r.value));
                    if (!r.ok() && r.error != SecretError::NotFound)
                        o.insert(QStringLiteral("problem"), r.message);
                    out->insert(field, o);
                    if (--*pending == 0)
                        respond(json(200, *out));
                });
            }
        });
    addRoute("PUT", QStringLiteral("/api/credentials"), true,
        [this](const HttpRequest &, auto &, const QJsonObject &b, Respond respond) {
            QHash<QString, QJsonValue::Type> allowed;
            for (const Credential &c : kCredentials)
                allowed.insert(QString::fromLatin1(c.field), QJsonValue::String);
            if (auto bad = checkFields(b, allowed))
                return respond(problem(400, QStringLiteral("invalid_body"), *bad));
            QList<QPair<QString, QString>> writes; // (field, value)
            for (const Credential &c : kCredentials) {
                const QString value = b.value(QLatin1StringView(c.field)).toString().trimmed();
                if (b.contains(QLatin1StringView(c.field)) && value.isEmpty())
                    return respond(problem(400, QStringLiteral("invalid_body"),
                        QStringLiteral("%1 is empty (leave it out to keep the saved one)")
                            .arg(QLatin1StringView(c.field))));
                if (!value.isEmpty())
                    writes.append({ QString::fromLatin1(c.field), value });
            }
            if (b.contains(QStringLiteral("gcp_service_account_json"))) {
                if (auto bad = invalidServiceAccount(b.value(QStringLiteral("gcp_service_account_json")).toString()))
                    return respond(problem(400, QStringLiteral("invalid_body"), *bad));
            }
            // One after the other, stopping at the first the keychain refuses. Each pending write
            // holds the chain; the chain holds itself only weakly, so it goes when the last is done.
            auto saved = std::make_shared<QJsonArray>();
            auto chain = std::make_shared<std::function<void(qsizetype)>>();
            *chain = [this, writes, saved, weak = std::weak_ptr(chain), respond](qsizetype i) {
                if (i == writes.size()) {
                    if (m_s.credentialsSaved && !saved->isEmpty())
                        m_s.credentialsSaved();
                    return respond(json(200, QJsonObject { { QStringLiteral("saved"), *saved } }));
                }
                QString key;
                for (const Credential &c : kCredentials) {
                    if (writes[i].first == QLatin1StringView(c.field))
                        key = c.key;
                }
                m_s.secrets->write(key, writes[i].second, this, [=, self = weak.lock()](const SecretResult &r) {
                    if (!r.ok())
                        return respond(problem(503, QStringLiteral("keychain"),
                            QStringLiteral("the keychain refused %1: %2 (saved before it: %3)")
                                .arg(writes[i].first, r.message,
                                    QString::fromUtf8(QJsonDocument(*saved).toJson(QJsonDocument::Compact)))));
                    saved->append(writes[i].first);
                    (*self)(i + 1);
                });
            };
            (*chain)(0);
        });
    // Wipe: for a user leaving, or a machine given away. Only with no pool left (a pool's instances
    // would run on unwatched); the repository password stays, since without it no snapshot can
    // ever be read again.
    addRoute("DELETE", QStringLiteral("/api/credentials"), true,
        [this](const HttpRequest &, auto &, auto &, Respond respond) {
            if (m_s.pools && !m_s.pools->pools().isEmpty()) {
                QStringList ids;
                for (const WarmPool *p : m_s.pools->pools())
                    ids << p->config().id;
                return respond(problem(409, QStringLiteral("pools"),
                    QStringLiteral("pools %1 still run with these keys: destroy them first").arg(ids.join(u", "))));
            }
            const auto wipeKeys = [this, respond](int accountKeysRemoved) {
                QStringList keys { keychain::SshPrivateKey };
                QJsonArray wiped { QStringLiteral("ssh_private_key") };
                for (const Credential &c : kCredentials) {
                    if (c.key != keychain::SnapshotRepositoryPassword) {
                        keys << c.key;
                        wiped.append(QString::fromLatin1(c.field));
                    }
                }
                auto pending = std::make_shared<int>(int(keys.size()));
                auto problems = std::make_shared<QStringList>();
                for (const QString &key : keys) {
                    m_s.secrets->remove(key, this, [=](const SecretResult &r) {
                        if (!r.ok() && r.error != SecretError::NotFound)
                            problems->append(QStringLiteral("%1: %2").arg(key, r.message));
                        if (--*pending > 0)
                            return;
                        if (!problems->isEmpty())
                            return respond(problem(503, QStringLiteral("keychain"),
                                QStringLiteral("the keychain kept %1").arg(problems->join(u"; "))));
                        respond(json(200,
                            QJsonObject { { QStringLiteral("wiped"), wiped },
                                { QStringLiteral("kept"),
                                    QJsonArray { QStringLiteral("snapshot_repository_password") } },
                                { QStringLiteral("account_keys_removed"), accountKeysRemoved } }));
                    });
                }
            };
            if (!m_s.credentialsWiping)
                return wipeKeys(0);
            // The account key first: once the API key is gone, nothing could take it off.
            m_s.credentialsWiping(this, [respond, wipeKeys](Result<int> removed) {
                if (!removed)
                    return respond(problem(502, removed.error().code,
                        QStringLiteral("the engine's SSH key could not be taken off the Vast.ai account, so no "
                                       "key was wiped: %1")
                            .arg(removed.error().message)));
                wipeKeys(*removed);
            });
        });
    // The keys given (the wizard, before it saves them), or with none every saved key
    // (`gpufailoverctl credentials check`).
    addRoute("POST", QStringLiteral("/api/credentials/check"), true,
        [this](const HttpRequest &, auto &, const QJsonObject &b, Respond respond) {
            QHash<QString, QJsonValue::Type> allowed;
            for (const Credential &c : kCredentials) {
                if (c.key != keychain::SnapshotRepositoryPassword)
                    allowed.insert(QString::fromLatin1(c.field), QJsonValue::String);
            }
            if (auto bad = checkFields(b, allowed))
                return respond(problem(400, QStringLiteral("invalid_body"), *bad));
            if (b.contains(QStringLiteral("gcp_service_account_json"))) {
                if (auto bad = invalidServiceAccount(b.value(QStringLiteral("gcp_service_account_json")).toString()))
                    return respond(problem(400, QStringLiteral("invalid_body"), *bad));
            }
            if (!m_s.checkCredentials)
                return respond(problem(503, QStringLiteral("no_cloud"), QStringLiteral("no cloud provider to ask")));
            m_s.checkCredentials(b, this, [respond](Result<QJsonObject> answer) {
                if (!answer)
                    return respond(problemOfCheck(answer.error()));
                QJsonObject out = *answer;
                // The Vast.ai account also at the top, where the wizard has always read it.
                const QJsonObject vast = out.value(QStringLiteral("vast")).toObject();
                for (auto it = vast.constBegin(); it != vast.constEnd(); ++it)
                    out.insert(it.key(), it.value());
                out.insert(QStringLiteral("ok"), true);
                respond(json(200, out));
            });
        });
}

} // namespace gpufailover
