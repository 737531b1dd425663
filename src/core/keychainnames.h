#pragma once

#include <QString>

namespace gpufailover::keychain {

// The keychain entries the engine keeps, one name each across the layers.
inline const QString VastApiKey = QStringLiteral("vast/api-key");
inline const QString GcpServiceAccount = QStringLiteral("gcp/service-account");
inline const QString SnapshotAccessKeyId = QStringLiteral("snapshots/access-key-id");
inline const QString SnapshotSecretAccessKey = QStringLiteral("snapshots/secret-access-key");
// Generated with the first snapshot; without it no snapshot can ever be read again.
inline const QString SnapshotRepositoryPassword = QStringLiteral("snapshots/repository-password");
// The engine's SSH identity, generated on first use.
inline const QString SshPrivateKey = QStringLiteral("ssh/private-key");

} // namespace gpufailover::keychain
