"""Splitting per-comment work between forked processes (analyzer.pipelines.workers)."""

import os
import threading

import pytest

from analyzer.pipelines.workers import PROCESSES, map_in_chunks, worker_count

TWO_CORES = len(os.sched_getaffinity(0)) >= 2 if hasattr(os, "sched_getaffinity") else False


def test_small_batches_and_other_threads_get_one_process():
    assert worker_count(10, parallel_from=100) == 1
    seen = []
    thread = threading.Thread(target=lambda: seen.append(worker_count(1000, parallel_from=100)))
    thread.start()
    thread.join()
    assert seen == [1]


@pytest.mark.skipif(not TWO_CORES, reason="needs two cores")
def test_a_large_batch_from_the_main_thread_gets_workers():
    assert worker_count(1000, parallel_from=100) == PROCESSES


def test_chunks_come_back_in_order_from_a_function_that_cannot_be_pickled():
    offset = 1000

    def shifted(chunk):  # a closure: reaches the workers by fork, not by pickling
        return [(value + offset, os.getpid()) for value in chunk]

    results = map_in_chunks(shifted, range(250), chunk_size=30, parallel_from=100)
    assert [value for value, _ in results] == list(range(1000, 1250))
    pids = {pid for _, pid in results}
    if TWO_CORES:
        assert os.getpid() not in pids  # computed in the workers
    one = map_in_chunks(shifted, range(50), chunk_size=30, parallel_from=100)
    assert {pid for _, pid in one} == {os.getpid()}


@pytest.mark.skipif(not TWO_CORES, reason="needs two cores")
def test_a_worker_that_dies_is_a_clear_error_not_a_hang():
    from analyzer.errors import WorkerError

    def dies_on_the_second_chunk(chunk):
        if chunk[0] == 30:
            os._exit(1)  # what the kernel's out-of-memory killer does to a process
        return chunk

    with pytest.raises(WorkerError, match="ran out of memory"):
        map_in_chunks(dies_on_the_second_chunk, range(120), chunk_size=30, parallel_from=100)
