#include "core/appcontext.h"

#include "core/clock.h"
#include "core/journal.h"
#include "core/keychainsecretstore.h"
#include "core/logsystem.h"
#include "core/redactor.h"
#include "core/secretstore.h"
#include "core/settings.h"

#include "gpufailover/version.h"

#include <QDir>
#include <QProcessEnvironment>

namespace gpufailover {

AppContext::~AppContext()
{
    // Engine-side objects log while they shut down; the log sink goes last.
    m_journal.reset();
    m_secrets.reset();
    m_settings.reset();
    m_clock.reset();
    m_logs.reset();
    m_redactor.reset();
}

Result<std::unique_ptr<AppContext>> AppContext::create(
    const CommonOptions &options, Secrets secrets, const QString &logBaseName)
{
    std::unique_ptr<AppContext> ctx(new AppContext);
    ctx->m_options = options;
    for (const QString &dir : { options.configDir, options.dataDir }) {
        if (!QDir().mkpath(dir))
            return Error { QStringLiteral("io_error"), QStringLiteral("cannot create directory %1").arg(dir) };
    }
    ctx->m_redactor = std::make_unique<Redactor>();
    LogSystem::Options logOptions;
    logOptions.directory = QDir(options.dataDir).filePath(QStringLiteral("logs"));
    logOptions.baseName = logBaseName;
    ctx->m_logs = std::make_unique<LogSystem>(logOptions, ctx->m_redactor.get());
    ctx->m_logs->install();

    ctx->m_clock = std::make_unique<SystemClock>();
    ctx->m_settings = std::make_unique<Settings>(options.configDir, QProcessEnvironment::systemEnvironment());
    ctx->m_settingsProblems = ctx->m_settings->load();

    auto journal = Journal::open(QDir(options.dataDir).filePath(QStringLiteral("journal.sqlite")), ctx->m_clock.get());
    if (!journal)
        return journal.error();
    ctx->m_journal = std::move(journal).value();

    if (secrets == Secrets::Keychain)
        ctx->m_secrets = std::make_unique<KeychainSecretStore>(QString::fromLatin1(kAppId),
            QDir(options.configDir).filePath(QStringLiteral("secrets.index")), ctx->m_redactor.get());
    else
        ctx->m_secrets = std::make_unique<InMemorySecretStore>(ctx->m_redactor.get());
    return ctx;
}

} // namespace gpufailover
