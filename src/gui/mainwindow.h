#pragma once

#include <QMainWindow>

#include <functional>
#include <memory>

class QMenu;
class QStandardItemModel;

namespace Ui {
class MainWindow;
}

namespace gpufailover {

class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    void setEngineStatus(const QString &text);
    // One line per pool for now (the full dashboard comes with the GUI issue).
    void setPoolStatus(const QString &text);
    void appendEvent(const QString &text);
    // Adds the Demo menu; each entry calls back into the demo world.
    void addDemoAction(const QString &text, std::function<void()> action);
    // The toolbar's drill and pause actions, once there is an engine to act on.
    void setPoolActions(std::function<void()> drill, std::function<void(bool paused)> pause);

private:
    std::unique_ptr<Ui::MainWindow> m_ui;
    QMenu *m_demoMenu = nullptr;
    QStandardItemModel *m_events = nullptr;
};

} // namespace gpufailover
