#pragma once

#include "core/result.h"

#include <QString>

namespace gpufailover {

class SecretStore;

// The local API's bearer token, created at first start: kept in the keychain when there is one
// (`store` non-null), otherwise in <configDir>/api-token with mode 0600. Blocks on the keychain's
// event loop: call it at startup, not from a running engine.
Result<QString> loadOrCreateApiToken(SecretStore *store, const QString &configDir);
// What a client (gpufailoverctl) reads: the file if there is one, else the keychain.
Result<QString> readApiToken(SecretStore *store, const QString &configDir);
QString apiTokenFile(const QString &configDir);
QString apiPortFile(const QString &configDir);

} // namespace gpufailover
