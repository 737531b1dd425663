#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace gpufailover {

// A GCP service-account key file. Lives in the SecretStore.
struct GcpServiceAccount
{
    QString projectId;
    QString privateKeyId;
    QString privateKeyPem; // PKCS#8
    QString clientEmail;
    QString tokenUri = QStringLiteral("https://oauth2.googleapis.com/token");

    static Result<GcpServiceAccount> fromJson(const QByteArray &json);
    QByteArray toJson() const;
};

// RS256 JWTs for the service-account flow, with OpenSSL.
namespace jwt {
inline const QString kGoogleTokenAudience = QStringLiteral("https://oauth2.googleapis.com/token");
inline const QString kCloudPlatformScope = QStringLiteral("https://www.googleapis.com/auth/cloud-platform");

QByteArray base64Url(const QByteArray &data);
QByteArray fromBase64Url(const QByteArray &text);
Result<QByteArray> signRs256(const QByteArray &privateKeyPem, const QByteArray &input);
bool verifyRs256(const QByteArray &publicKeyPem, const QByteArray &input, const QByteArray &signature);
// The grant assertion: header {alg, typ, kid}, claims {iss, scope, aud, iat, exp = iat + 3600}.
Result<QByteArray> serviceAccountAssertion(const GcpServiceAccount &account, qint64 issuedAtSecs);

struct Decoded
{
    QJsonObject header, claims;
    QByteArray signedPart; // "header.claims", what the signature covers
    QByteArray signature;
};
Result<Decoded> decode(const QByteArray &token);

struct RsaKeyPair
{
    QByteArray privateKeyPem; // PKCS#8
    QByteArray publicKeyPem; // SubjectPublicKeyInfo
};
Result<RsaKeyPair> generateRsaKeyPair(int bits = 2048);
} // namespace jwt

} // namespace gpufailover
