#pragma once

#include <QDialog>
#include <QHash>
#include <QJsonObject>

#include <memory>

class QAbstractSpinBox;

namespace Ui {
class SettingsDialog;
}

namespace gpufailover {

class EngineLink;

// The engine's settings (through GET/PUT /api/settings: validated by the engine, all or
// nothing) and the app's own (language, which alerts notify). The health and failover timings
// apply to running pools at once; the dialog says which others wait for the next start.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
public:
    SettingsDialog(
        EngineLink *link, const QString &language, const QStringList &mutedAlerts, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    QString language() const; // "" follows the system
    QStringList mutedAlerts() const;
    bool loaded() const { return m_loaded; }

    void accept() override; // saves the engine's settings first; closes only when they are taken

protected:
    void changeEvent(QEvent *event) override;

private:
    void load(const QJsonObject &settings);
    void fillLanguages();

    std::unique_ptr<Ui::SettingsDialog> m_ui;
    EngineLink *m_link;
    QString m_language;
    QHash<QString, QAbstractSpinBox *> m_fields; // setting name -> its field
    QJsonObject m_loadedValues;
    bool m_loaded = false;
};

} // namespace gpufailover
