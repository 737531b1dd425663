#pragma once

#include "core/result.h"

#include <QString>

namespace gpufailover {

// The product's SSH identity: an ed25519 key pair generated for the user. The private half lives
// only in the SecretStore (as OpenSSH text) and in worker memory while connecting; the public
// half is attached to Vast instances and GCP metadata.
struct SshKeyPair
{
    QString privateKey; // "-----BEGIN OPENSSH PRIVATE KEY----- ..."
    QString publicKey; // "ssh-ed25519 AAAA... gpufailover"

    static Result<SshKeyPair> generate(const QString &comment = QStringLiteral("gpufailover"));
    // Derives the public key (and checks the private one parses).
    static Result<SshKeyPair> fromPrivateKey(
        const QString &privateKey, const QString &comment = QStringLiteral("gpufailover"));
    // "SHA256:..." as OpenSSH prints it.
    static Result<QString> fingerprint(const QString &publicKey);
};

} // namespace gpufailover
