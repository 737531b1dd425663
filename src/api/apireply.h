#pragma once

#include "core/result.h"
#include "net/httpserver.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <optional>

// The API's answers, shared by the files that register its routes.
namespace gpufailover::api {

inline HttpReply json(int status, const QJsonValue &v)
{
    const QByteArray body = v.isArray() ? QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact)
                                        : QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact);
    return HttpReply::json(status, body);
}

inline HttpReply problem(int status, const QString &code, const QString &message)
{
    return json(status, QJsonObject { { QStringLiteral("error"), code }, { QStringLiteral("message"), message } });
}

// A key or target that a provider refused (credential checks, a pool's check before renting):
// a refused key is 422 (401 stays for this API's own token, which clients tell apart), a role
// missing 403, a bucket missing 404, a repository of another password 409, a provider that
// could not be asked 502.
inline HttpReply problemOfCheck(const Error &e)
{
    static const QHash<QString, int> statuses { { QStringLiteral("auth_error"), 422 },
        { QStringLiteral("gcp_refused"), 422 }, { QStringLiteral("credentials"), 422 },
        { QStringLiteral("gcp_forbidden"), 403 }, { QStringLiteral("no_bucket"), 404 },
        { QStringLiteral("wrong_password"), 409 }, { QStringLiteral("invalid_key"), 400 },
        { QStringLiteral("invalid_target"), 400 } };
    return problem(statuses.value(e.code, 502), e.code, e.message);
}

// Checks a request body against the fields a route accepts: unknown fields and wrong types are 400s.
inline std::optional<QString> checkFields(
    const QJsonObject &body, const QHash<QString, QJsonValue::Type> &allowed, const QStringList &required = {})
{
    for (auto it = body.begin(); it != body.end(); ++it) {
        if (!allowed.contains(it.key()))
            return QStringLiteral("unknown field \"%1\"").arg(it.key());
        if (it.value().type() != allowed.value(it.key()))
            return QStringLiteral("field \"%1\" has the wrong type").arg(it.key());
    }
    for (const QString &r : required) {
        if (!body.contains(r))
            return QStringLiteral("field \"%1\" is required").arg(r);
    }
    return std::nullopt;
}

} // namespace gpufailover::api
