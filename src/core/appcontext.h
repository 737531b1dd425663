#pragma once

#include "core/commonoptions.h"
#include "core/result.h"

#include <memory>

namespace gpufailover {

class Clock;
class Journal;
class LogSystem;
class Redactor;
class SecretStore;
class Settings;

// The services every program builds in main() and injects into the engine, API and GUI. Owning
// them in one place keeps construction order (redactor before logs, logs before everything that
// logs) and destruction order right, without singletons.
class AppContext final
{
public:
    enum class Secrets { Keychain, InMemory };

    static Result<std::unique_ptr<AppContext>> create(
        const CommonOptions &options, Secrets secrets, const QString &logBaseName);
    ~AppContext();

    const CommonOptions &options() const { return m_options; }
    Redactor &redactor() const { return *m_redactor; }
    Clock &clock() const { return *m_clock; }
    Settings &settings() const { return *m_settings; }
    Journal &journal() const { return *m_journal; }
    SecretStore &secrets() const { return *m_secrets; }
    LogSystem &logs() const { return *m_logs; }
    QStringList settingsProblems() const { return m_settingsProblems; }

private:
    AppContext() = default;

    CommonOptions m_options;
    std::unique_ptr<Redactor> m_redactor;
    std::unique_ptr<LogSystem> m_logs;
    std::unique_ptr<Clock> m_clock;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<Journal> m_journal;
    std::unique_ptr<SecretStore> m_secrets;
    QStringList m_settingsProblems;
};

} // namespace gpufailover
