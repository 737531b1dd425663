#pragma once

#include <QObject>

#include <memory>

namespace gpufailover {

class AlertNotifier;
class Clock;
class EngineLink;
class LanguageSwitcher;
class MainWindow;
class Settings;
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

private:
    void updateTray();

    EngineLink *m_link;
    Settings *m_settings;
    std::unique_ptr<LanguageSwitcher> m_languages;
    std::unique_ptr<MainWindow> m_window;
    TrayController *m_tray;
    AlertNotifier *m_notifier;
};

} // namespace gpufailover
