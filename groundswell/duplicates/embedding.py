"""Sentence embeddings from the int8 all-MiniLM-L6-v2 shipped in ./model/.

Runs on onnxruntime + tokenizers + numpy only. Mean pooling and L2
normalisation are inside the ONNX graph (scripts/build_model.py puts them
there), so `embed` returns unit vectors that match sentence-transformers.

If the model cannot be loaded (files missing, onnxruntime absent or broken),
`embed` returns None and logs one warning for the process; callers then fall
back to lexical matching. Nothing here raises to a caller.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).resolve().parent / "model"
DIMENSIONS = 384
MAX_TOKENS = 128  # all-MiniLM-L6-v2 was trained on 128; 256 is no better on dev, and slower


class Encoder:
    """One loaded model: a tokenizer and an onnxruntime session."""

    def __init__(self, model_dir: Path) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self.tokenizer.no_padding()
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(
            str(model_dir / "model.onnx"),
            sess_options=options,
            providers=["CPUExecutionProvider"],
        )

    def encode(self, texts: list[str]) -> np.ndarray:
        # One text per run: dynamic quantization scales activations over the
        # whole input tensor, so in a batch one text would shift another's vector.
        output = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for row, text in enumerate(texts):
            encoding = self.tokenizer.encode(text)
            feeds = {
                "input_ids": np.array([encoding.ids], dtype=np.int64),
                "attention_mask": np.array([encoding.attention_mask], dtype=np.int64),
                "token_type_ids": np.array([encoding.type_ids], dtype=np.int64),
            }
            output[row] = self.session.run(["sentence_embedding"], feeds)[0][0]
        return normalise(output)


def normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32)


_lock = threading.Lock()
_encoders: dict[Path, Encoder | None] = {}
_warned = False


def model_dir() -> Path:
    """The model folder: the shipped one, or GROUNDSWELL_DUPLICATES_MODEL_DIR."""
    override = os.environ.get("GROUNDSWELL_DUPLICATES_MODEL_DIR")
    return Path(override) if override else MODEL_DIR


def get_encoder(directory: Path | None = None) -> Encoder | None:
    """The loaded encoder, or None (after one logged warning) if it cannot load."""
    global _warned
    directory = directory or model_dir()
    with _lock:
        if directory in _encoders:
            return _encoders[directory]
        encoder: Encoder | None
        try:
            encoder = Encoder(directory)
        except Exception as error:  # any failure means: use lexical matching
            encoder = None
            if not _warned:
                _warned = True
                logger.warning(
                    "Duplicate detection model could not be loaded from %s (%s); "
                    "falling back to lexical matching.",
                    directory,
                    error,
                )
        _encoders[directory] = encoder
        return encoder


def embed(texts: list[str], directory: Path | None = None) -> np.ndarray | None:
    """Unit-length float32 embeddings, one row per text; None without a model."""
    encoder = get_encoder(directory)
    if encoder is None:
        return None
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    try:
        return encoder.encode(texts)
    except Exception as error:
        logger.warning("Duplicate detection model failed (%s); using lexical matching.", error)
        return None


def reset_for_tests() -> None:
    """Forget loaded models and the warning, so a test can observe them afresh."""
    global _warned
    with _lock:
        _encoders.clear()
        _warned = False


def describe() -> dict[str, Any]:
    return {"model_dir": str(model_dir()), "loaded": get_encoder() is not None}
