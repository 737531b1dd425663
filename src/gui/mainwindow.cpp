#include "gui/mainwindow.h"

#include "ui_mainwindow.h"

#include <QDateTime>
#include <QHeaderView>
#include <QMenuBar>
#include <QStandardItemModel>

namespace gpufailover {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
{
    m_ui->setupUi(this);
    m_events = new QStandardItemModel(0, 2, this);
    m_events->setHorizontalHeaderLabels({ tr("Time"), tr("Event") });
    m_ui->poolsView->setModel(m_events);
    m_ui->poolsView->horizontalHeader()->setStretchLastSection(true);
    m_ui->poolsView->verticalHeader()->hide();
    // Actions wait for the engine: nothing to act on until a pool exists.
    m_ui->actionPauseAutomation->setEnabled(false);
    m_ui->actionFailoverDrill->setEnabled(false);
    setEngineStatus(tr("Engine: starting"));
}

MainWindow::~MainWindow() = default;

void MainWindow::setEngineStatus(const QString &text)
{
    m_ui->statusBar->showMessage(text);
}

void MainWindow::setPoolStatus(const QString &text)
{
    m_ui->emptyHint->setText(text);
}

void MainWindow::appendEvent(const QString &text)
{
    m_events->insertRow(0,
        { new QStandardItem(QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss"))),
            new QStandardItem(text) });
}

void MainWindow::setPoolActions(std::function<void()> drill, std::function<void(bool paused)> pause)
{
    m_ui->actionFailoverDrill->setEnabled(true);
    m_ui->actionPauseAutomation->setEnabled(true);
    m_ui->actionPauseAutomation->setCheckable(true);
    connect(m_ui->actionFailoverDrill, &QAction::triggered, this, [drill = std::move(drill)] { drill(); });
    connect(m_ui->actionPauseAutomation, &QAction::toggled, this, [pause = std::move(pause)](bool on) { pause(on); });
}

void MainWindow::addDemoAction(const QString &text, std::function<void()> action)
{
    if (!m_demoMenu)
        m_demoMenu = menuBar()->addMenu(tr("&Demo"));
    QAction *a = m_demoMenu->addAction(text);
    connect(a, &QAction::triggered, this, [action = std::move(action)] { action(); });
}

} // namespace gpufailover
