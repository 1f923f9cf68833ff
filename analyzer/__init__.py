"""Community feedback theme analyzer: from survey exports to themes per group, shown honestly.

The public surface is small: read files into a corpus, fit an analyzer, write or report.
"""

from analyzer.config import AnalysisConfig, CleaningConfig
from analyzer.core import FeedbackAnalyzer
from analyzer.errors import AnalyzerError, ConfigError, DataError
from analyzer.pipelines.ingest import ColumnRoles, InputSpec, read_inputs
from analyzer.pipelines.write import write_outputs
from analyzer.themes.result import AnalysisResult

__all__ = ["AnalysisConfig", "AnalysisResult", "AnalyzerError", "CleaningConfig", "ColumnRoles",
           "ConfigError", "DataError", "FeedbackAnalyzer", "InputSpec", "read_inputs",
           "write_outputs"]
