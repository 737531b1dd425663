#pragma once

#include "core/result.h"
#include "core/warmpool.h"

#include <QNetworkAccessManager>
#include <QUrl>

#include <functional>
#include <memory>

namespace gpufailover {

class AppContext;
class KnownHosts;
class RemoteShell;
class VastSshStack;

// The services an engine needs against the real Vast.ai: the API key and the SSH key come from
// the SecretStore (the SSH key is generated and stored on first use), known hosts live in the
// data dir. Built by main(); the pools get them through WarmPool::Services.
class LiveEngine final
{
public:
    static Result<std::unique_ptr<LiveEngine>> create(AppContext &context, const QUrl &vastUrl);
    ~LiveEngine();

    WarmPool::Services services() const;
    RemoteShell &shell() const;
    KnownHosts &knownHosts() const;
    QNetworkAccessManager &network() const;
    QString sshPublicKey() const { return m_publicKey; }
    // Reads the Vast.ai key again (it was rotated): the next call uses the new one.
    void reloadApiKey();
    // Takes the engine's SSH key off the Vast.ai account (the credentials are being wiped).
    void removeAccountKey(QObject *context, std::function<void(Result<int>)> done);

private:
    LiveEngine() = default;

    AppContext *m_context = nullptr;
    std::unique_ptr<VastSshStack> m_stack;
    QString m_publicKey;
};

} // namespace gpufailover
