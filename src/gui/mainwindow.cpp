#include "gui/mainwindow.h"

#include "ui_mainwindow.h"

namespace gpufailover {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
{
    m_ui->setupUi(this);
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

} // namespace gpufailover
