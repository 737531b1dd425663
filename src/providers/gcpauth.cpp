#include "providers/gcpauth.h"

#include <QJsonDocument>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <memory>

namespace gpufailover {
namespace {
template <typename T, void (*F)(T *)> struct Free
{
    void operator()(T *p) const { F(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, Free<EVP_PKEY, EVP_PKEY_free>>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, Free<EVP_MD_CTX, EVP_MD_CTX_free>>;
using Bio = std::unique_ptr<BIO, Free<BIO, BIO_free_all>>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, Free<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;

Bio memory(const QByteArray &pem)
{
    return Bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
}

QByteArray drain(BIO *bio)
{
    char *data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    return QByteArray(data, n);
}

Error authError(const QString &message)
{
    return Error { QStringLiteral("invalid_credentials"), message };
}
} // namespace

Result<GcpServiceAccount> GcpServiceAccount::fromJson(const QByteArray &json)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
    if (!doc.isObject())
        return authError(QStringLiteral("the service-account key is not JSON: %1").arg(err.errorString()));
    const QJsonObject o = doc.object();
    if (o.value(QStringLiteral("type")).toString() != u"service_account")
        return authError(QStringLiteral("the key file is not a service-account key (type is not service_account)"));
    GcpServiceAccount a;
    a.projectId = o.value(QStringLiteral("project_id")).toString();
    a.privateKeyId = o.value(QStringLiteral("private_key_id")).toString();
    a.privateKeyPem = o.value(QStringLiteral("private_key")).toString();
    a.clientEmail = o.value(QStringLiteral("client_email")).toString();
    a.tokenUri = o.value(QStringLiteral("token_uri")).toString();
    // What google-auth refuses, we refuse: no email, no token URI, no key.
    if (a.clientEmail.isEmpty() || a.tokenUri.isEmpty() || a.privateKeyPem.isEmpty() || a.projectId.isEmpty())
        return authError(
            QStringLiteral("the service-account key lacks client_email, token_uri, private_key or project_id"));
    return a;
}

QByteArray GcpServiceAccount::toJson() const
{
    return QJsonDocument(
        QJsonObject { { QStringLiteral("type"), QStringLiteral("service_account") },
            { QStringLiteral("project_id"), projectId }, { QStringLiteral("private_key_id"), privateKeyId },
            { QStringLiteral("private_key"), privateKeyPem }, { QStringLiteral("client_email"), clientEmail },
            { QStringLiteral("token_uri"), tokenUri } })
        .toJson(QJsonDocument::Compact);
}

namespace jwt {

QByteArray base64Url(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray fromBase64Url(const QByteArray &text)
{
    return QByteArray::fromBase64(text, QByteArray::Base64UrlEncoding);
}

Result<QByteArray> signRs256(const QByteArray &privateKeyPem, const QByteArray &input)
{
    Bio bio = memory(privateKeyPem);
    Pkey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key)
        return authError(QStringLiteral("the service-account private key cannot be read"));
    MdCtx ctx(EVP_MD_CTX_new());
    size_t length = 0;
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1
        || EVP_DigestSign(ctx.get(), nullptr, &length, reinterpret_cast<const unsigned char *>(input.constData()),
               size_t(input.size()))
            != 1)
        return authError(QStringLiteral("signing the token request failed"));
    QByteArray signature(qsizetype(length), Qt::Uninitialized);
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(signature.data()), &length,
            reinterpret_cast<const unsigned char *>(input.constData()), size_t(input.size()))
        != 1)
        return authError(QStringLiteral("signing the token request failed"));
    signature.truncate(qsizetype(length));
    return signature;
}

bool verifyRs256(const QByteArray &publicKeyPem, const QByteArray &input, const QByteArray &signature)
{
    Bio bio = memory(publicKeyPem);
    Pkey key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    MdCtx ctx(EVP_MD_CTX_new());
    return key && ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) == 1
        && EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char *>(signature.constData()),
               size_t(signature.size()), reinterpret_cast<const unsigned char *>(input.constData()),
               size_t(input.size()))
        == 1;
}

Result<QByteArray> serviceAccountAssertion(const GcpServiceAccount &account, qint64 issuedAtSecs)
{
    const QJsonObject header { { QStringLiteral("alg"), QStringLiteral("RS256") },
        { QStringLiteral("typ"), QStringLiteral("JWT") }, { QStringLiteral("kid"), account.privateKeyId } };
    const QJsonObject claims { { QStringLiteral("iss"), account.clientEmail },
        { QStringLiteral("scope"), kCloudPlatformScope }, { QStringLiteral("aud"), kGoogleTokenAudience },
        { QStringLiteral("iat"), double(issuedAtSecs) }, { QStringLiteral("exp"), double(issuedAtSecs + 3600) } };
    const QByteArray input = base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
        + base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    const auto signature = signRs256(account.privateKeyPem.toUtf8(), input);
    if (!signature)
        return signature.error();
    return QByteArray(input + '.' + base64Url(*signature));
}

Result<Decoded> decode(const QByteArray &token)
{
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3)
        return Error { QStringLiteral("invalid_jwt"), QStringLiteral("a JWT has three parts") };
    Decoded d;
    QJsonParseError e1, e2;
    const QJsonDocument h = QJsonDocument::fromJson(fromBase64Url(parts[0]), &e1);
    const QJsonDocument c = QJsonDocument::fromJson(fromBase64Url(parts[1]), &e2);
    if (!h.isObject() || !c.isObject())
        return Error { QStringLiteral("invalid_jwt"), QStringLiteral("the JWT header or claims are not JSON objects") };
    d.header = h.object();
    d.claims = c.object();
    d.signedPart = parts[0] + '.' + parts[1];
    d.signature = fromBase64Url(parts[2]);
    return d;
}

Result<RsaKeyPair> generateRsaKeyPair(int bits)
{
    PkeyCtx ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, nullptr));
    EVP_PKEY *raw = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), bits) != 1
        || EVP_PKEY_keygen(ctx.get(), &raw) != 1)
        return Error { QStringLiteral("keygen"), QStringLiteral("RSA key generation failed") };
    Pkey key(raw);
    Bio priv(BIO_new(BIO_s_mem())), pub(BIO_new(BIO_s_mem()));
    if (PEM_write_bio_PKCS8PrivateKey(priv.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1
        || PEM_write_bio_PUBKEY(pub.get(), key.get()) != 1)
        return Error { QStringLiteral("keygen"), QStringLiteral("cannot write the RSA key") };
    return RsaKeyPair { drain(priv.get()), drain(pub.get()) };
}

} // namespace jwt
} // namespace gpufailover
