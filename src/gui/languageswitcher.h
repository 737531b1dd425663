#pragma once

#include <QCoreApplication>
#include <QObject>
#include <QString>
#include <QTranslator>

#include <memory>

namespace gpufailover {

// Installs the app's translation (built into the program from translations/*.ts) and Qt's own
// for a language, and swaps them at run time: every open window gets a LanguageChange and
// retranslates itself.
class LanguageSwitcher final : public QObject
{
    Q_OBJECT
public:
    explicit LanguageSwitcher(QObject *parent = nullptr);
    ~LanguageSwitcher() override;

    // "en", "pt_BR"; empty: the system's language when we have it, else English.
    bool apply(const QString &locale);
    QString current() const { return m_current; }
    // (locale, the language's own name), for the Language menu and the settings.
    static QList<QPair<QString, QString>> available();
    static QString resolve(const QString &locale); // what apply() would pick

private:
    std::unique_ptr<QTranslator> m_app;
    std::unique_ptr<QTranslator> m_qt;
    QString m_current;
};

} // namespace gpufailover
