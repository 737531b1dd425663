#include "engine/liveengine.h"

#include "core/appcontext.h"
#include "core/keychainnames.h"
#include "core/secretstore.h"
#include "core/settings.h"
#include "engine/enginelogging.h"
#include "engine/vastsshstack.h"
#include "providers/vastcloudprovider.h"
#include "remote/sshinstanceaccess.h"
#include "remote/sshkey.h"

#include <QDir>
#include <QEventLoop>

namespace gpufailover {
LiveEngine::~LiveEngine() = default;

Result<std::unique_ptr<LiveEngine>> LiveEngine::create(AppContext &context, const QUrl &vastUrl)
{
    SecretStore &secrets = context.secrets();
    const SecretResult apiKey = SecretStore::waitFor([&](auto cb) { secrets.read(keychain::VastApiKey, nullptr, cb); });
    if (!apiKey.ok())
        return Error { QStringLiteral("no_credentials"),
            apiKey.error == SecretError::NotFound
                ? QStringLiteral("no Vast.ai API key in the keychain yet (the provision wizard stores it)")
                : apiKey.message };
    // The product's SSH identity: generated once, kept in the keychain only.
    SecretResult sshKey = SecretStore::waitFor([&](auto cb) { secrets.read(keychain::SshPrivateKey, nullptr, cb); });
    if (sshKey.error == SecretError::NotFound) {
        const auto generated = SshKeyPair::generate();
        if (!generated)
            return generated.error();
        const SecretResult stored = SecretStore::waitFor(
            [&](auto cb) { secrets.write(keychain::SshPrivateKey, generated->privateKey, nullptr, cb); });
        if (!stored.ok())
            return Error { QStringLiteral("keychain"), stored.message };
        sshKey = { SecretError::None, generated->privateKey, {} };
    }
    if (!sshKey.ok())
        return Error { QStringLiteral("keychain"), sshKey.message };
    const auto pair = SshKeyPair::fromPrivateKey(sshKey.value);
    if (!pair)
        return pair.error();

    std::unique_ptr<LiveEngine> e(new LiveEngine);
    e->m_context = &context;
    e->m_publicKey = pair->publicKey;
    VastSshStack::Options stack;
    stack.vast.baseUrl = vastUrl.isEmpty() ? QUrl(context.settings().value(keys::VastUrl)) : vastUrl;
    stack.apiKey = apiKey.value;
    stack.knownHostsPath = QDir(context.options().dataDir).filePath(QStringLiteral("known_hosts"));
    stack.privateKey = sshKey.value;
    e->m_stack = std::make_unique<VastSshStack>(&context.clock(), stack);
    // Every instance gets the engine's key attached (account keys are not retroactive on Vast),
    // and the account holds it too, so an instance the user rents by hand for a pool accepts it.
    e->m_stack->cloud().setEngineKey(pair->publicKey);
    e->m_stack->vast().ensureAccountKey(pair->publicKey, &e->m_stack->vast(), [](Result<qint64> r) {
        if (r)
            qCInfo(lcEngine) << "the engine's SSH key is on the Vast.ai account as key" << *r;
        else
            qCWarning(lcEngine).noquote()
                << "cannot register the engine's SSH key on the Vast.ai account:" << r.error().message;
    });
    return e;
}

void LiveEngine::reloadApiKey()
{
    VastClient *vast = &m_stack->vast();
    m_context->secrets().read(keychain::VastApiKey, vast, [vast](const SecretResult &r) {
        if (r.ok() && !r.value.isEmpty()) {
            vast->setApiKey(r.value);
            qCInfo(lcEngine) << "the Vast.ai key was read again from the keychain";
        } else if (!r.ok()) {
            qCWarning(lcEngine).noquote() << "cannot read the Vast.ai key again:" << r.message;
        }
    });
}

void LiveEngine::removeAccountKey(QObject *context, std::function<void(Result<int>)> done)
{
    m_stack->vast().removeAccountKey(m_publicKey, context, std::move(done));
}

WarmPool::Services LiveEngine::services() const
{
    return { &m_stack->cloud(), &m_stack->access(), &m_context->journal(), &m_context->clock() };
}

} // namespace gpufailover

namespace gpufailover {
RemoteShell &LiveEngine::shell() const
{
    return m_stack->shell();
}

KnownHosts &LiveEngine::knownHosts() const
{
    return m_stack->knownHosts();
}

QNetworkAccessManager &LiveEngine::network() const
{
    return m_stack->network();
}
} // namespace gpufailover
