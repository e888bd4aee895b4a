// Package par runs the independent training runs of the lessons two at a time.
package par

// Do calls f(0), …, f(n−1), two at a time (the machines this course runs on have
// a few cores, and the notebooks' training demos are independent runs), and returns when
// all have returned. Each f must write only its own results: callers gather them by
// index afterwards, so nothing depends on the scheduling.
func Do(n int, f func(i int)) {
	const workers = 2
	next, done := make(chan int), make(chan struct{})
	for range workers {
		go func() {
			for i := range next {
				f(i)
			}
			done <- struct{}{}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	for range workers {
		<-done
	}
}
