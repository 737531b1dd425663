#include "gui/traycontroller.h"

#include <QMenu>
#include <QPainter>
#include <QPainterPath>
#include <QSystemTrayIcon>

namespace gpufailover {

TrayController::TrayController(QObject *parent)
    : QObject(parent)
    , m_icon(new QSystemTrayIcon(this))
    , m_menu(new QMenu)
    , m_open(m_menu->addAction(QString()))
    , m_pause(m_menu->addAction(QString()))
    , m_drill(m_menu->addAction(QString()))
    , m_quit(nullptr)
{
    m_menu->addSeparator();
    m_quit = m_menu->addAction(QString());
    m_pause->setCheckable(true);
    m_open->setObjectName(QStringLiteral("trayOpen"));
    m_pause->setObjectName(QStringLiteral("trayPause"));
    m_drill->setObjectName(QStringLiteral("trayDrill"));
    m_quit->setObjectName(QStringLiteral("trayQuit"));
    connect(m_open, &QAction::triggered, this, &TrayController::openRequested);
    connect(m_pause, &QAction::triggered, this, &TrayController::pauseRequested);
    connect(m_drill, &QAction::triggered, this, &TrayController::drillRequested);
    connect(m_quit, &QAction::triggered, this, &TrayController::quitRequested);
    connect(m_icon, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
            Q_EMIT openRequested();
    });
    m_icon->setContextMenu(m_menu);
    retranslate();
    setLevel(Protection::Level::Green, tr("GPU Failover"));
    if (available())
        m_icon->show();
}

TrayController::~TrayController()
{
    delete m_menu; // a QMenu cannot have a QObject parent that is not a widget
}

bool TrayController::available() const
{
    return QSystemTrayIcon::isSystemTrayAvailable();
}

void TrayController::retranslate()
{
    m_open->setText(tr("&Open GPU Failover"));
    m_pause->setText(tr("&Pause automation"));
    m_drill->setText(tr("Failover &drill"));
    m_quit->setText(tr("&Quit"));
}

void TrayController::setLevel(Protection::Level level, const QString &tooltip)
{
    m_level = level;
    m_icon->setIcon(iconFor(level));
    m_icon->setToolTip(tooltip);
}

void TrayController::show(const AlertNotifier::Notification &n)
{
    if (!available() || !QSystemTrayIcon::supportsMessages() || !m_icon->isVisible()) {
        if (m_fallback)
            m_fallback(n.title + QStringLiteral(": ") + n.message);
        return;
    }
    const auto icon = n.severity == AlertNotifier::Severity::Critical ? QSystemTrayIcon::Critical
        : n.severity == AlertNotifier::Severity::Warning              ? QSystemTrayIcon::Warning
                                                                      : QSystemTrayIcon::Information;
    m_icon->showMessage(n.title, n.message, icon, 15000);
}

// The installed status icons (packaging/icons, hicolor/scalable/status) when the theme has
// them; otherwise the same shapes drawn here: a shield in the state's colour with a dark outline
// and a white symbol (check, exclamation mark, cross), readable on light and dark panels and
// without colour.
QIcon TrayController::iconFor(Protection::Level level)
{
    const QString name = QStringLiteral("io.github.gpufailover.GpuFailover-%1")
                             .arg(level == Protection::Level::Green      ? QStringLiteral("protected")
                                     : level == Protection::Level::Amber ? QStringLiteral("attention")
                                                                         : QStringLiteral("failing"));
    if (QIcon::hasThemeIcon(name))
        return QIcon::fromTheme(name);
    QIcon icon;
    for (const int size : { 16, 22, 24, 32, 48, 64 }) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.scale(size / 64.0, size / 64.0);
        QPainterPath shield;
        shield.moveTo(32, 3);
        shield.lineTo(57, 12);
        shield.cubicTo(57, 38, 47, 53, 32, 61);
        shield.cubicTo(17, 53, 7, 38, 7, 12);
        shield.closeSubpath();
        const QColor fill = level == Protection::Level::Green ? QColor(0x2e, 0x7d, 0x32)
            : level == Protection::Level::Amber               ? QColor(0xe0, 0x8e, 0x00)
                                                              : QColor(0xc6, 0x28, 0x28);
        p.setPen(QPen(QColor(0x20, 0x20, 0x20), 4));
        p.setBrush(fill);
        p.drawPath(shield);
        p.setPen(QPen(Qt::white, 7, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        if (level == Protection::Level::Green) {
            p.drawPolyline(QPolygonF({ QPointF(20, 32), QPointF(29, 41), QPointF(45, 22) }));
        } else if (level == Protection::Level::Amber) {
            p.drawLine(QPointF(32, 17), QPointF(32, 36));
            p.drawPoint(QPointF(32, 46));
        } else {
            p.drawLine(QPointF(22, 20), QPointF(42, 42));
            p.drawLine(QPointF(42, 20), QPointF(22, 42));
        }
        p.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace gpufailover
