#pragma once
// Energy readout (compute only, Horowitz 2014 45 nm costs, anchors C.9): this diffusion step per
// image, one whole sampling per image, and the whole run, each next to the ANN baseline (the same
// U-Net without spikes: every layer dense, once per evaluation).
#include <QWidget>

#include <optional>

#include "probe/energy.h"

class QLabel;
class QTableWidget;

namespace sdm::widgets {

class EnergyView : public QWidget {
  Q_OBJECT
 public:
  explicit EnergyView(QWidget* parent = nullptr);

  // atStep: the estimate from the chosen step's firing rates; run: from the run's mean rates.
  void setEstimates(const std::optional<EnergyEstimate>& atStep,
                    const std::optional<EnergyEstimate>& run, int evaluations, int images);
  void clear();
  QString cellText(int row,
                   int column) const;  // rows: step, image, run; columns: SNN, ANN, ratio, ops

 private:
  void setRow(int row, const QString& what, const EnergyEstimate* e, double multiplier);

  QTableWidget* m_table;
  QLabel* m_note;
};

}  // namespace sdm::widgets
