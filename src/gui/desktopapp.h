#pragma once

#include "core/settings.h"
#include "gui/provisionwizard.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

#include <memory>

namespace gpufailover {

class AlertNotifier;
class Clock;
class EngineLink;
class LanguageSwitcher;
class MainWindow;
class ProvisionWizard;
class SettingsDialog;
class TrayController;

// The desktop app put together: the main window and the tray fed by the engine's API, alerts
// turned into rate-limited notifications, actions sent back through the API, the language
// switchable at run time. main() builds the engine (in-process or a daemon) and hands the link in.
class DesktopApp final : public QObject
{
    Q_OBJECT
public:
    DesktopApp(EngineLink *link, Clock *clock, Settings *settings, QObject *parent = nullptr);
    ~DesktopApp() override;

    MainWindow &window() const { return *m_window; }
    TrayController &tray() const { return *m_tray; }
    AlertNotifier &notifier() const { return *m_notifier; }
    LanguageSwitcher &languages() const { return *m_languages; }
    void start(int pollMs = 2000);
    void setLanguage(const QString &locale); // applies and remembers it
    void raise();
    // The provision wizard (one at a time); the demo prefills the simulator's keys.
    void openProvisionWizard();
    void setWizardPrefill(ProvisionWizard::Prefill prefill) { m_prefill = std::move(prefill); }
    ProvisionWizard *wizard() const;
    // A new pool from the wizard's remembered choices, on the best host the engine finds.
    void quickProvision();
    // The settings dialog; on OK its language and notifications apply at once.
    void openSettings();
    SettingsDialog *settingsDialog() const;

private:
    void updateTray();
    template <typename T> void remember(SettingKey<T> key, const T &value);

    EngineLink *m_link;
    Settings *m_settings;
    std::unique_ptr<LanguageSwitcher> m_languages;
    std::unique_ptr<MainWindow> m_window;
    TrayController *m_tray;
    AlertNotifier *m_notifier;
    QPointer<ProvisionWizard> m_wizard;
    QPointer<SettingsDialog> m_settingsDialog;
    ProvisionWizard::Prefill m_prefill;
    int m_reachable = -1; // -1 not known yet, 0 no, 1 yes
};

} // namespace gpufailover
