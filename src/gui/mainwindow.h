#pragma once

#include <QMainWindow>

#include <memory>

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

private:
    std::unique_ptr<Ui::MainWindow> m_ui;
};

} // namespace gpufailover
