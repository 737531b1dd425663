#pragma once

#include "gui/alertnotifier.h"
#include "gui/protection.h"

#include <QIcon>
#include <QObject>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace gpufailover {

// The tray icon: its colour and shape follow the worst pool (so it reads without colour too),
// its menu opens the window, pauses automation, runs a drill or quits, and it shows the
// notifications the AlertNotifier lets through. Where there is no tray, it stays hidden and the
// notifications go to `fallback` (the status bar).
class TrayController final : public QObject
{
    Q_OBJECT
public:
    explicit TrayController(QObject *parent = nullptr);
    ~TrayController() override;

    bool available() const;
    void setLevel(Protection::Level level, const QString &tooltip);
    Protection::Level level() const { return m_level; }
    void show(const AlertNotifier::Notification &n);
    void setFallback(std::function<void(const QString &)> fallback) { m_fallback = std::move(fallback); }
    QMenu *menu() const { return m_menu; }
    QSystemTrayIcon *icon() const { return m_icon; }
    void retranslate();

    static QIcon iconFor(Protection::Level level);

Q_SIGNALS:
    void openRequested();
    void pauseRequested(bool paused);
    void drillRequested();
    void quitRequested();

private:
    QSystemTrayIcon *m_icon;
    QMenu *m_menu;
    QAction *m_open;
    QAction *m_pause;
    QAction *m_drill;
    QAction *m_quit;
    Protection::Level m_level = Protection::Level::Green;
    std::function<void(const QString &)> m_fallback;
};

} // namespace gpufailover
