#pragma once
// The ANN→SNN conversion at a glance: the quantized ANN, its converted S_UNet and the fine-tuned
// SNN side by side — bits → T, the conversion check, the fine-tuning, and each model's newest
// scores with what they were made with — plus the next step (Convert, Fine-tune, Evaluate).
// Plain data in, requests out: the studio's ConversionController fills it.
#include <QVector>
#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;

namespace sdm::widgets {

struct ConversionStage {
  QString name;    // "Quantized ANN", "Converted SNN", "Fine-tuned SNN"
  QString path;    // empty: not made (or not known) yet
  QString detail;  // "3 bits → T = 7", the conversion check, the fine-tuning run
  bool scored = false;
  QString fdName;
  double fd = 0;
  int n = 0;
  double kid = -1, isAnalogue = -1, confident = -1, classEntropy = -1;  // < 0: not measured
  QString settings;  // what the scores were made with (solver, steps, seed, weights)
};

class ConversionView : public QWidget {
  Q_OBJECT
 public:
  enum Column { Stage, Detail, Fd, Kid, IsAnalogue, Confident, Entropy, Settings, Columns };

  explicit ConversionView(QWidget* parent = nullptr);
  void setHeadline(const QString& text);
  void setStages(const QVector<ConversionStage>& stages);
  void setActions(bool canConvert, bool canFinetune);
  int selectedStage() const;  // -1: none
  void selectStage(int row);

  QTableWidget* table() const { return m_table; }
  QLabel* headline() const { return m_headline; }
  QLabel* comparison() const { return m_comparison; }
  QPushButton* convertButton() const { return m_convert; }
  QPushButton* finetuneButton() const { return m_finetune; }
  QPushButton* evaluateButton() const { return m_evaluate; }
  QPushButton* openButton() const { return m_open; }

  // "FD 515.2 → 477.9 (−7.2 %)", or why the scores cannot be compared.
  static QString comparisonText(const QVector<ConversionStage>& stages);

 Q_SIGNALS:
  void convertRequested();
  void finetuneRequested();
  void evaluateRequested(int stage);
  void openRequested(int stage);

 private:
  void updateRowActions();

  QLabel* m_headline;
  QTableWidget* m_table;
  QLabel* m_comparison;
  QPushButton* m_convert;
  QPushButton* m_finetune;
  QPushButton* m_evaluate;
  QPushButton* m_open;
  QVector<ConversionStage> m_stages;
};

}  // namespace sdm::widgets
