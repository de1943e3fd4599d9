//! The wasm module's global allocator: a bump arena that rewinds whenever nothing is allocated.
//!
//! Every call into the module follows the same pattern: JavaScript allocates the input buffer, the
//! export allocates its working buffers and the answer, frees the input and its working buffers, and
//! JavaScript frees the answer once it has read it. At that point no allocation is live and the
//! arena rewinds to its start, so memory is reused from one signature to the next and never grows
//! beyond what one call needs (`tests/js/hostile.test.mjs` checks that 20,000 signatures leave the
//! memory size unchanged).
//!
//! This replaces a general free-list allocator (`lol_alloc`): 0.4 KB less code in the module. It is
//! single-threaded, like the module: `wasm32-unknown-unknown` without the `atomics` feature has no
//! threads, and the atomics here compile to plain loads and stores.

#![allow(unsafe_code)] // implementing `GlobalAlloc` is unsafe by definition

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::ptr::null_mut;
use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};

const PAGE: usize = 65536;

/// Bump allocator over pages obtained with `memory.grow`.
#[derive(Debug)]
pub(crate) struct Arena {
    /// First byte of the arena (0 until the first allocation).
    base: AtomicUsize,
    /// Next free byte.
    next: AtomicUsize,
    /// End of the pages the arena owns.
    end: AtomicUsize,
    /// Allocations not yet freed.
    live: AtomicUsize,
}

impl Arena {
    pub(crate) const fn new() -> Self {
        Self { base: AtomicUsize::new(0), next: AtomicUsize::new(0), end: AtomicUsize::new(0), live: AtomicUsize::new(0) }
    }

    /// Moves `next` to `to`, growing the memory when needed. False when the memory cannot grow.
    /// The new pages follow `end`: this allocator is the only code in the module that grows memory.
    fn reach(&self, to: usize) -> bool {
        let end = self.end.load(Relaxed);
        if to > end {
            let pages = (to - end).div_ceil(PAGE);
            if wasm32::memory_grow(0, pages) == usize::MAX {
                return false;
            }
            self.end.store(end + pages * PAGE, Relaxed);
        }
        self.next.store(to, Relaxed);
        true
    }
}

// SAFETY: `alloc` returns blocks inside pages this arena obtained from `memory.grow` and nobody else
// uses, aligned as asked, never overlapping a live block: `next` only moves back (to `base`) when no
// block is live. `realloc` is the default one: a new block, a copy, and freeing the old one.
unsafe impl GlobalAlloc for Arena {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if self.base.load(Relaxed) == 0 {
            // The pages after the module's initial memory (stack, data) are the arena's.
            let start = wasm32::memory_size(0) * PAGE;
            self.base.store(start, Relaxed);
            self.next.store(start, Relaxed);
            self.end.store(start, Relaxed);
        }
        let align = layout.align() - 1;
        let Some(start) = self.next.load(Relaxed).checked_add(align).map(|p| p & !align) else {
            return null_mut();
        };
        match start.checked_add(layout.size()) {
            Some(to) if self.reach(to) => {
                self.live.store(self.live.load(Relaxed) + 1, Relaxed);
                start as *mut u8
            }
            _ => null_mut(),
        }
    }

    unsafe fn dealloc(&self, _ptr: *mut u8, _layout: Layout) {
        let live = self.live.load(Relaxed).saturating_sub(1);
        self.live.store(live, Relaxed);
        if live == 0 {
            // Everything the call used is wiped as it is released: wasm-bindgen's string passing
            // may leave a partial copy of the request text (which holds the secret key) behind a
            // `realloc`, and freed blocks are not otherwise cleared. One `memory.fill`.
            let base = self.base.load(Relaxed);
            let next = self.next.load(Relaxed);
            // SAFETY: [base, next) lies in pages this arena owns and no block in it is live.
            unsafe { core::ptr::write_bytes(base as *mut u8, 0, next - base) };
            self.next.store(base, Relaxed);
        }
    }
}
