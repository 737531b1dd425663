#include "gui/desktopapp.h"

#include "core/settings.h"
#include "gui/alertnotifier.h"
#include "gui/enginelink.h"
#include "gui/languageswitcher.h"
#include "gui/mainwindow.h"
#include "gui/provisionwizard.h"
#include "gui/settingsdialog.h"
#include "gui/traycontroller.h"

#include <QApplication>
#include <QJsonDocument>

namespace gpufailover {

DesktopApp::DesktopApp(EngineLink *link, Clock *clock, Settings *settings, QObject *parent)
    : QObject(parent)
    , m_link(link)
    , m_settings(settings)
    , m_languages(std::make_unique<LanguageSwitcher>())
    , m_window(std::make_unique<MainWindow>())
    , m_tray(new TrayController(this))
    , m_notifier(new AlertNotifier(clock, {}, this))
{
    m_languages->apply(settings->value(keys::UiLanguage));
    m_window->setLanguages(LanguageSwitcher::available(), m_languages->current());
    m_window->setHideOnClose(m_tray->available());
    m_tray->setFallback([w = m_window.get()](const QString &text) { w->setEngineStatus(text); });

    MainWindow *w = m_window.get();
    connect(link, &EngineLink::poolsChanged, w, &MainWindow::setPools);
    connect(link, &EngineLink::costsChanged, w, &MainWindow::setCosts);
    connect(link, &EngineLink::eventsArrived, w, &MainWindow::addEvents);
    connect(link, &EngineLink::eventsArrived, m_notifier, &AlertNotifier::add);
    // Said when it changes, not on every poll: the status bar also carries notifications (no
    // tray) and the outcome of actions, which a poll every 2 s would wipe.
    connect(link, &EngineLink::reachable, w, [this, w, link] {
        if (m_reachable != 1)
            w->setEngineStatus(tr("Engine: connected (API on port %1)").arg(link->port()));
        m_reachable = 1;
    });
    connect(link, &EngineLink::unreachable, w, [this, w](const QString &why) {
        if (m_reachable != 0)
            w->setEngineStatus(tr("Engine: unreachable (%1)").arg(why));
        m_reachable = 0;
    });
    connect(link, &EngineLink::actionDone, w, [w](const QString &what, bool ok, const QString &message) {
        w->setEngineStatus(ok ? tr("%1: accepted").arg(what) : tr("%1 refused: %2").arg(what, message));
    });
    connect(m_notifier, &AlertNotifier::notify, m_tray, &TrayController::show);
    connect(w, &MainWindow::protectionChanged, this, &DesktopApp::updateTray);

    connect(w, &MainWindow::drillRequested, link, &EngineLink::drill);
    connect(w, &MainWindow::pauseRequested, link, &EngineLink::setAutomationPaused);
    connect(w, &MainWindow::hibernateRequested, link, &EngineLink::setHibernated);
    connect(w, &MainWindow::snapshotRequested, link, &EngineLink::takeSnapshot);
    connect(w, &MainWindow::destroyRequested, link, &EngineLink::destroyPool);
    connect(w, &MainWindow::provisionRequested, this, &DesktopApp::openProvisionWizard);
    connect(w, &MainWindow::quickProvisionRequested, this, &DesktopApp::quickProvision);
    connect(w, &MainWindow::settingsRequested, this, &DesktopApp::openSettings);
    m_notifier->setMuted(settings->value(keys::UiMutedAlerts));
    w->setQuickProvisionEnabled(!settings->value(keys::UiProvisionDefaults).isEmpty());
    connect(w, &MainWindow::quitRequested, qApp, &QCoreApplication::quit);
    connect(w, &MainWindow::languageRequested, this, &DesktopApp::setLanguage);

    connect(m_tray, &TrayController::openRequested, this, &DesktopApp::raise);
    connect(m_tray, &TrayController::quitRequested, qApp, &QCoreApplication::quit);
    connect(m_tray, &TrayController::drillRequested, this, [this] {
        for (const QString &id : m_window->poolIds())
            m_link->drill(id);
    });
    connect(m_tray, &TrayController::pauseRequested, this, [this](bool paused) {
        for (const QString &id : m_window->poolIds())
            m_link->setAutomationPaused(id, paused);
    });
}

DesktopApp::~DesktopApp() = default;

// The app's own choices, kept in the settings file at once (a crash must not forget them).
template <typename T> void DesktopApp::remember(SettingKey<T> key, const T &value)
{
    m_settings->setValue(key, value);
    if (const Status saved = m_settings->save(); !saved)
        m_window->setEngineStatus(tr("Settings not saved: %1").arg(saved.error().message));
}

void DesktopApp::start(int pollMs)
{
    m_link->start(pollMs);
}

void DesktopApp::setLanguage(const QString &locale)
{
    m_languages->apply(locale);
    remember(keys::UiLanguage, locale);
    m_window->setLanguages(LanguageSwitcher::available(), m_languages->current());
    m_tray->retranslate(); // not a widget: no LanguageChange of its own
    updateTray();
}

void DesktopApp::openProvisionWizard()
{
    if (!m_wizard) {
        m_wizard = new ProvisionWizard(m_link, m_prefill, m_window.get());
        m_wizard->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_wizard, &ProvisionWizard::defaultsChosen, this, [this](const QJsonObject &config) {
            remember(
                keys::UiProvisionDefaults, QString::fromUtf8(QJsonDocument(config).toJson(QJsonDocument::Compact)));
            m_window->setQuickProvisionEnabled(true);
        });
    }
    m_wizard->show();
    m_wizard->raise();
    m_wizard->activateWindow();
}

void DesktopApp::openSettings()
{
    if (!m_settingsDialog) {
        m_settingsDialog = new SettingsDialog(
            m_link, m_settings->value(keys::UiLanguage), m_settings->value(keys::UiMutedAlerts), m_window.get());
        m_settingsDialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_settingsDialog, &QDialog::accepted, this, [this, dialog = m_settingsDialog] {
            remember(keys::UiMutedAlerts, dialog->mutedAlerts());
            m_notifier->setMuted(dialog->mutedAlerts());
            if (dialog->language() != m_settings->value(keys::UiLanguage))
                setLanguage(dialog->language());
        });
    }
    m_settingsDialog->show();
    m_settingsDialog->raise();
}

SettingsDialog *DesktopApp::settingsDialog() const
{
    return m_settingsDialog;
}

ProvisionWizard *DesktopApp::wizard() const
{
    return m_wizard;
}

void DesktopApp::quickProvision()
{
    QJsonObject config = QJsonDocument::fromJson(m_settings->value(keys::UiProvisionDefaults).toUtf8()).object();
    if (config.isEmpty())
        return openProvisionWizard();
    const QStringList ids = m_window->poolIds();
    int n = int(ids.size()) + 1;
    while (ids.contains(QStringLiteral("pool-%1").arg(n)))
        ++n;
    config.insert(QStringLiteral("id"), QStringLiteral("pool-%1").arg(n));
    m_link->createPool(config);
}

void DesktopApp::raise()
{
    m_window->show();
    m_window->setWindowState((m_window->windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
    m_window->raise();
    m_window->activateWindow();
}

void DesktopApp::updateTray()
{
    const QList<Protection> all = m_window->protections();
    const Protection::Level level = Protection::worst(all);
    QStringList lines { tr("GPU Failover: %1").arg(Protection::headlineOf(level)) };
    const QStringList ids = m_window->poolIds();
    for (qsizetype i = 0; i < all.size() && i < ids.size(); ++i)
        lines << QStringLiteral("%1: %2").arg(ids[i], all[i].headline);
    m_tray->setLevel(level, lines.join(u'\n'));
}

} // namespace gpufailover
