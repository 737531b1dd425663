#include "remote/sshkey.h"

#include <QStringList>

#include <libssh/libssh.h>

#include <memory>

namespace gpufailover {
namespace {

struct KeyDeleter
{
    void operator()(ssh_key k) const { ssh_key_free(k); }
};
using KeyPtr = std::unique_ptr<std::remove_pointer_t<ssh_key>, KeyDeleter>;

Result<QString> exportPublic(ssh_key key, const QString &comment)
{
    char *b64 = nullptr;
    if (ssh_pki_export_pubkey_base64(key, &b64) != SSH_OK || !b64)
        return Error { QStringLiteral("key_error"), QStringLiteral("cannot export the public key") };
    const QString out = QString::fromLatin1(ssh_key_type_to_char(ssh_key_type(key))) + u' ' + QString::fromLatin1(b64)
        + (comment.isEmpty() ? QString() : u' ' + comment);
    ssh_string_free_char(b64);
    return out;
}

} // namespace

Result<SshKeyPair> SshKeyPair::generate(const QString &comment)
{
    ssh_key raw = nullptr;
    if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &raw) != SSH_OK)
        return Error { QStringLiteral("key_error"), QStringLiteral("cannot generate an ed25519 key") };
    KeyPtr key(raw);
    char *pem = nullptr;
    if (ssh_pki_export_privkey_base64(key.get(), nullptr, nullptr, nullptr, &pem) != SSH_OK || !pem)
        return Error { QStringLiteral("key_error"), QStringLiteral("cannot export the private key") };
    SshKeyPair pair;
    pair.privateKey = QString::fromLatin1(pem);
    ssh_string_free_char(pem);
    auto pub = exportPublic(key.get(), comment);
    if (!pub)
        return pub.error();
    pair.publicKey = *pub;
    return pair;
}

Result<SshKeyPair> SshKeyPair::fromPrivateKey(const QString &privateKey, const QString &comment)
{
    ssh_key raw = nullptr;
    const QByteArray pem = privateKey.toLatin1();
    if (ssh_pki_import_privkey_base64(pem.constData(), nullptr, nullptr, nullptr, &raw) != SSH_OK)
        return Error { QStringLiteral("key_error"), QStringLiteral("the stored SSH private key cannot be read") };
    KeyPtr key(raw);
    auto pub = exportPublic(key.get(), comment);
    if (!pub)
        return pub.error();
    return SshKeyPair { privateKey, *pub };
}

Result<QString> SshKeyPair::fingerprint(const QString &publicKey)
{
    const QStringList parts = publicKey.trimmed().split(u' ');
    if (parts.size() < 2)
        return Error { QStringLiteral("key_error"), QStringLiteral("not an OpenSSH public key") };
    ssh_key raw = nullptr;
    const QByteArray b64 = parts[1].toLatin1();
    if (ssh_pki_import_pubkey_base64(b64.constData(), ssh_key_type_from_name(parts[0].toLatin1().constData()), &raw)
        != SSH_OK)
        return Error { QStringLiteral("key_error"), QStringLiteral("not an OpenSSH public key") };
    KeyPtr key(raw);
    unsigned char *hash = nullptr;
    size_t len = 0;
    if (ssh_get_publickey_hash(key.get(), SSH_PUBLICKEY_HASH_SHA256, &hash, &len) != SSH_OK)
        return Error { QStringLiteral("key_error"), QStringLiteral("cannot hash the key") };
    char *fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, len);
    const QString out = QString::fromLatin1(fp);
    ssh_string_free_char(fp);
    ssh_clean_pubkey_hash(&hash);
    return out;
}

} // namespace gpufailover
